import assert from "node:assert/strict";
import { test } from "node:test";
import { backupVaultRequireLock as policy } from "../../../policy-pack/policies/backup/backupVaultRequireLock";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const VAULT = "aws:backup/vault:Vault";
const LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";
const MSG =
  'Backup vault "backups" has no vault lock: add an aws.backup.VaultLockConfiguration with backupVaultName set to it.';
const vault = () => res(VAULT, "backups", { name: "rampart-prod-backups", kmsKeyArn: "arn:aws:kms:k" });

test("a vault with a lock that depends on it passes", async () => {
  const v = vault();
  assert.deepEqual(
    await validateStack(policy, [v, res(LOCK, "lock", { backupVaultName: "x", changeableForDays: 3 }, [v])]),
    [],
  );
});

test("a lock matched by the vault's name passes", async () => {
  assert.deepEqual(
    await validateStack(policy, [vault(), res(LOCK, "lock", { backupVaultName: "rampart-prod-backups" })]),
    [],
  );
});

test("a vault without a lock is flagged", async () => {
  const v = vault();
  assert.deepEqual(await validateStack(policy, [v]), [{ urn: v.urn, message: MSG }]);
});

test("a lock on another vault does not count", async () => {
  const v = vault();
  const other = res(VAULT, "other", { name: "other-vault" });
  assert.deepEqual(
    await validateStack(policy, [v, other, res(LOCK, "lock", { backupVaultName: "other-vault" }, [other])]),
    [{ urn: v.urn, message: MSG }],
  );
});

test("a lock whose backupVaultName is unknown (preview) says nothing", async () => {
  assert.deepEqual(
    await validateStack(policy, [vault(), res(LOCK, "lock", { backupVaultName: UNKNOWN.string })]),
    [],
  );
});

test('a lock whose backupVaultName is "" covers no vault: flagged', async () => {
  const v = vault();
  assert.deepEqual(await validateStack(policy, [v, res(LOCK, "lock", { backupVaultName: "" })]), [
    { urn: v.urn, message: MSG },
  ]);
});
