import assert from "node:assert/strict";
import { test } from "node:test";
import { backupPlanRequireExpiry as policy } from "../../../policy-pack/policies/backup/backupPlanRequireExpiry";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:backup/plan:Plan";
const rule = (over: Record<string, any> = {}) => ({
  ruleName: "volumes-35d",
  targetVaultName: "rampart-prod-backups",
  schedule: "cron(0 3 * * ? *)",
  lifecycle: { deleteAfter: 35 },
  ...over,
});
const MSG =
  'Backup plan rule "volumes-35d" never expires its recovery points: set lifecycle.deleteAfter to the class\'s retention in days.';

test("a plan whose rules expire passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, { name: "p", rules: [rule()] }), []);
});

test("a rule with no lifecycle, or a lifecycle without deleteAfter (cold storage only), is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { name: "p", rules: [rule({ lifecycle: undefined })] }), [
    MSG,
  ]);
  assert.deepEqual(
    await violations(policy, TYPE, {
      name: "p",
      rules: [rule(), rule({ lifecycle: { coldStorageAfter: 30 } })],
    }),
    [MSG],
  );
});

test("a rule without a name is named by its index", async () => {
  assert.deepEqual(await violations(policy, TYPE, { rules: [{ targetVaultName: "v" }] }), [
    "Backup plan rule #0 never expires its recovery points: set lifecycle.deleteAfter to the class's retention in days.",
  ]);
});

test("an unknown deleteAfter or unknown rules are not inspectable (the SDK's note) during preview", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: TYPE,
      props: { rules: [rule({ lifecycle: { deleteAfter: UNKNOWN.number } })] },
    }),
    {
      violations: [],
      unknownRead: "string value at .rules.0.lifecycle.deleteAfter can't be known during preview",
    },
  );
  assert.deepEqual(await validate(policy, { type: TYPE, props: { rules: UNKNOWN.array } }), {
    violations: [],
    unknownRead: "Array value at .rules can't be known during preview",
  });
});

test('a deleteAfter of "" is no expiry: flagged; missing rules block: nothing to judge', async () => {
  assert.deepEqual(await violations(policy, TYPE, { rules: [rule({ lifecycle: { deleteAfter: "" } })] }), [
    MSG,
  ]);
  assert.deepEqual(await violations(policy, TYPE, { name: "p" }), []);
});
