import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import { ACCESS_DEFAULTS } from "../../../components/identity/roles";
import { CONCURRENT_SESSION_FINDINGS } from "../../../components/observability/siemPipeline.findings";

/**
 * The identity runbooks and the session table: every section an on-call needs, in order, and the
 * facts they state kept in step with the code they describe.
 */

const RUNBOOKS = path.join(__dirname, "../../../docs/runbooks");
const read = (id: string) => fs.readFileSync(path.join(RUNBOOKS, `${id}.md`), "utf8");
const SECTIONS = [
  "What fired",
  "Why it matters",
  "First 15 minutes",
  "Containment",
  "Recovery",
  "Evidence to keep",
  "Post-incident review",
];

describe("identity runbooks", () => {
  for (const id of ["identity-break-glass-used", "identity-concurrent-session"]) {
    test(`${id}: the seven sections, in order, and every relative link resolves`, () => {
      const text = read(id);
      const headings = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
      assert.deepEqual(headings, SECTIONS);
      for (const [, target] of text.matchAll(/\]\((?!https?:)([^)#]+)\)/g))
        assert.ok(fs.existsSync(path.join(RUNBOOKS, target!)), `${id} links ${target}`);
    });
  }

  test("identity-concurrent-session lists every finding type the session-alerts rule routes", () => {
    const text = read("identity-concurrent-session");
    for (const f of CONCURRENT_SESSION_FINDINGS) {
      const t = f.type;
      const shown =
        typeof t === "string"
          ? t
          : t !== null && typeof t === "object" && "prefix" in t
            ? t.prefix
            : t !== null && typeof t === "object" && "wildcard" in t
              ? t.wildcard
              : JSON.stringify(t);
      assert.ok(text.includes(String(shown)), `${String(shown)} is in the runbook`);
    }
    assert.match(text, /`<namePrefix>-session-alerts`/);
  });

  test("identity-break-glass-used names the alarm, its filter on AssumeRole of the role, and the MFA conditions", () => {
    const text = read("identity-break-glass-used");
    assert.match(text, /Alarm `<namePrefix>-break-glass-used`/);
    assert.match(text, /\$\.eventName = "AssumeRole"\) && \(\$\.requestParameters\.roleArn = /);
    assert.match(text, /aws:MultiFactorAuthPresent/);
    assert.match(text, /aws:MultiFactorAuthAge/);
  });
});

describe("docs/SESSIONS.md", () => {
  const text = fs.readFileSync(path.join(__dirname, "../../../docs/SESSIONS.md"), "utf8");
  const rows = [...text.matchAll(/^\| ([^|]+?) +\|/gm)].map((m) => m[1]!.trim());

  test("one row per layer a person or workload signs in to", () => {
    assert.deepEqual(rows.slice(2), [
      "AWS API/CLI, federated (SAML or OIDC)",
      "AWS console, federated SAML",
      "AWS, IAM Identity Center as the IdP",
      "AWS, role chaining",
      "AWS, break-glass",
      "EKS (kubectl)",
      "Vault, humans (OIDC)",
      "Vault, workloads (Kubernetes auth)",
      "OpenSearch Dashboards (SIEM)",
      "Grafana (SecurityMonitoring)",
    ]);
  });

  test("the figures it states for the role map are the role map's defaults", () => {
    assert.ok(text.includes(`(prod: ${ACCESS_DEFAULTS.maxSessionSeconds})`));
    assert.ok(text.includes(`\`mfaMaxAgeSeconds\` (default ${ACCESS_DEFAULTS.mfaMaxAgeSeconds})`));
  });
});
