import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import { CIS_ALARMS } from "../../../components/observability/siemPipeline.cis";
import { securityAlerts } from "../../../components/observability/securityMonitoring.rules";
import { resolveThresholds } from "../../../components/observability/securityMonitoring.logic";
import { SENSITIVE_DATA_ALARM } from "../../../components/privacy/privacyControls.logic";
import { QUARANTINE_LABEL, QUARANTINE_VALUE } from "../../../components/shared/quarantine";

/**
 * The incident runbooks (issue #15): every section an on-call needs, in order; every relative link
 * resolves; each names the alert that fires (names checked against the code that creates them) and
 * the quarantine mechanism with its exact label.
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

const prom = Object.fromEntries(securityAlerts(resolveThresholds(undefined)).map((a) => [a.alert, a]));
const cis = (id: string) => {
  assert.ok(
    CIS_ALARMS.some((a) => a.id === id),
    `CIS alarm ${id} exists`,
  );
  return `\`<namePrefix>-cis-${id}\``;
};

/** Each runbook and the alert names it must state, each checked to exist. */
const DETECTIONS: Record<string, () => string[]> = {
  "incident-credential-compromise": () => [
    "`<namePrefix>-guardduty-alerts`",
    "`<namePrefix>-session-alerts`",
    "`<namePrefix>-break-glass-used`",
    cis("unauthorized-api-calls"),
  ],
  "incident-container-escape": () => ["`<namePrefix>-guardduty-alerts`", "`<namePrefix>-isolation`"],
  "incident-data-leakage": () => [
    `\`<namePrefix>-${SENSITIVE_DATA_ALARM.id}\``,
    "`<namePrefix>-guardduty-alerts`",
    cis("s3-bucket-policy-changes"),
    ...["RampartUserRequestSpike", "RampartUserPromptSizeSpike"].map((a) => {
      assert.ok(prom[a], `${a} exists`);
      return `\`${a}\``;
    }),
  ],
  "incident-model-tampering": () => {
    const a = prom.RampartModelIntegrityCheckFailed!;
    assert.equal(a.runbook, "docs/runbooks/incident-model-tampering.md");
    return ["`RampartModelIntegrityCheckFailed`", "verify-signature", "verify-files", "Init:Error"];
  },
  "incident-lost-kms-key": () => [cis("kms-key-disable-or-deletion"), "cancel-key-deletion", "enable-key"],
};

describe("incident runbooks", () => {
  for (const [id, names] of Object.entries(DETECTIONS)) {
    test(`${id}: the seven sections in order, links resolve, names its alerts and the quarantine`, () => {
      const text = read(id);
      assert.deepEqual(
        [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]),
        SECTIONS,
      );
      for (const [, target] of text.matchAll(/\]\((?!https?:)([^)#]+)[^)]*\)/g))
        assert.ok(fs.existsSync(path.join(RUNBOOKS, target!)), `${id} links ${target}`);
      for (const name of names()) assert.ok(text.includes(name), `${id} names ${name}`);
      assert.ok(text.includes(`${QUARANTINE_LABEL}=${QUARANTINE_VALUE}`), `${id} gives the quarantine label`);
      assert.ok(text.includes("post-incident-review.md"), `${id} links the review template`);
    });
  }

  test("container escape: the isolation group swap and a snapshot before termination", () => {
    const text = read("incident-container-escape");
    assert.match(
      text,
      /aws ec2 modify-network-interface-attribute --network-interface-id "\$ENI" --groups "\$SG"/,
    );
    assert.match(text, /aws ec2 modify-instance-attribute --instance-id <instance-id> --groups "\$SG"/);
    assert.match(text, /kubectl cordon <node>/);
    assert.ok(text.indexOf("aws ec2 create-snapshot") < text.indexOf("terminate the instance"));
  });

  test("model tampering rolls back through docs/ROLLBACK.md", () => {
    assert.match(read("incident-model-tampering"), /\[docs\/ROLLBACK\.md\]\(\.\.\/ROLLBACK\.md\)/);
  });

  test("the review template has its sections", () => {
    const headings = [...read("post-incident-review").matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    assert.deepEqual(headings, [
      "Summary",
      "Timeline (UTC)",
      "Impact",
      "Detection and response",
      "Root cause and contributing factors",
      "Actions",
      "Evidence kept",
    ]);
  });
});
