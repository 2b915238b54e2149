import assert from "node:assert/strict";
import { test } from "node:test";
import { backupVaultLockConfigurationRequireRetentionBounds as policy } from "../../../policy-pack/policies/backup/backupVaultLockConfigurationRequireRetentionBounds";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";
const msg = (field: string) =>
  `Backup vault lock has no ${field}: set it to the bound of the retention your plans use.`;
const compliant = (): Record<string, any> => ({
  backupVaultName: "rampart-prod-backups",
  minRetentionDays: 7,
  maxRetentionDays: 365,
  changeableForDays: 3,
});

test("a lock with both bounds passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, compliant()), []);
});

test("a lock without a minimum, without a maximum, or without either is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { ...compliant(), minRetentionDays: undefined }), [
    msg("minRetentionDays"),
  ]);
  assert.deepEqual(await violations(policy, TYPE, { ...compliant(), maxRetentionDays: undefined }), [
    msg("maxRetentionDays"),
  ]);
  assert.deepEqual(await violations(policy, TYPE, { backupVaultName: "v" }), [
    msg("minRetentionDays"),
    msg("maxRetentionDays"),
  ]);
});

test("an unknown bound is an advisory note during preview, not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, { type: TYPE, props: { ...compliant(), minRetentionDays: UNKNOWN.number } }),
    { violations: [], unknownRead: "number value at .minRetentionDays can't be known during preview" },
  );
});

test('a bound of "" is no bound: flagged', async () => {
  assert.deepEqual(await violations(policy, TYPE, { ...compliant(), maxRetentionDays: "" }), [
    msg("maxRetentionDays"),
  ]);
});
