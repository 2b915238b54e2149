import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { policyTypes } from "../../policy-pack/lib/policy";
import { policies } from "../../policy-pack/policies";
import { UNKNOWN, validate, validateStack } from "./helpers/policyHarness";
import { siemStack } from "./helpers/siemStack";

/**
 * "Every new policy passes ours": the whole pack (both halves, resource and stack policies) over the #13
 * resources shaped as the contracts describe them, with each stack's policy config as the server would
 * pass it. A policy that would refuse the design, or a design that slips below a policy, fails here.
 */
const configOf = (stack: string) =>
  JSON.parse(
    fs.readFileSync(path.resolve(__dirname, `../../policy-pack/config/${stack}.json`), "utf8"),
  ) as Record<string, any>;
const policyConfig = (entry: unknown) => {
  if (typeof entry !== "object" || entry === null) return {};
  const { enforcementLevel: _, ...rest } = entry as Record<string, unknown>;
  return rest;
};

async function findings(stack: "dev" | "prod", resources: ReturnType<typeof siemStack>) {
  const config = configOf(stack);
  const out: string[] = [];
  for (const p of policies) {
    const cfg = policyConfig(config[p.name]);
    if ("validateStack" in p) {
      for (const v of await validateStack(p, resources, cfg)) out.push(`${p.name}: ${v.message}`);
      continue;
    }
    const types = policyTypes(p);
    for (const r of resources) {
      if (typeof types === "function" ? !types(r.type) : !types?.includes(r.type)) continue;
      const o = await validate(p, r, cfg);
      for (const m of o.violations) out.push(`${p.name} (${r.name}): ${m}`);
      if (o.unknownRead) out.push(`${p.name} (${r.name}): unknown read ${o.unknownRead}`);
    }
  }
  return out;
}

test("the contract-shaped SIEM, archive locked in COMPLIANCE mode, passes every policy under the prod config", async () => {
  assert.deepEqual(await findings("prod", siemStack("COMPLIANCE")), []);
});

test("under the dev config the archive may lock in GOVERNANCE mode; under prod it may not", async () => {
  assert.deepEqual(await findings("dev", siemStack("GOVERNANCE")), []);
  assert.deepEqual(await findings("prod", siemStack("GOVERNANCE")), [
    'aws-s3-bucket-require-audit-log-object-lock: Audit log bucket "archive" locks objects in GOVERNANCE mode: use COMPLIANCE (GOVERNANCE retention can be bypassed with s3:BypassGovernanceRetention).',
  ]);
});

test("during preview, unknown ARNs and ids in the SIEM make no stack policy fail (they are skipped, not flagged)", async () => {
  const preview = siemStack().map((r) =>
    r.type === "aws:s3/bucketV2:BucketV2"
      ? { ...r, props: { ...r.props, arn: UNKNOWN.string, id: UNKNOWN.string } }
      : r,
  );
  const stackOnly = (await findings("prod", preview)).filter((f) => !f.includes("unknown read"));
  assert.deepEqual(stackOnly, []);
});
