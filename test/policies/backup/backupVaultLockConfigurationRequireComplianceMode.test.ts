import assert from "node:assert/strict";
import { test } from "node:test";
import { backupVaultLockConfigurationRequireComplianceMode as policy } from "../../../policy-pack/policies/backup/backupVaultLockConfigurationRequireComplianceMode";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";
const MSG =
  "Backup vault lock is in governance mode (no changeableForDays), which can be removed: set changeableForDays (at least 3) for compliance mode.";
const compliant = (): Record<string, any> => ({
  backupVaultName: "rampart-prod-backups",
  minRetentionDays: 7,
  maxRetentionDays: 365,
  changeableForDays: 3,
});

test("a compliance-mode lock passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, compliant()), []);
});

test("a governance-mode lock (no changeableForDays) is flagged", async () => {
  const { changeableForDays: _c, ...governance } = compliant();
  assert.deepEqual(await violations(policy, TYPE, governance), [MSG]);
  assert.deepEqual(await violations(policy, TYPE, { ...compliant(), changeableForDays: null }), [MSG]);
});

test("an unknown changeableForDays is an advisory note during preview, not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, { type: TYPE, props: { ...compliant(), changeableForDays: UNKNOWN.number } }),
    {
      violations: [],
      unknownRead: "number value at .changeableForDays can't be known during preview",
    },
  );
});

test('a backupVaultName of "" does not change the mode: still judged by changeableForDays', async () => {
  assert.deepEqual(await violations(policy, TYPE, { ...compliant(), backupVaultName: "" }), []);
});

test("advisory by default (dev may use governance mode); prod config makes it mandatory", () => {
  assert.equal(policy.enforcementLevel, "advisory");
});
