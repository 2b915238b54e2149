import { stackPolicy, type StackViolation } from "../../lib/policy";
import { attachedTo } from "../../lib/refs";

const VAULT = "aws:backup/vault:Vault";
const LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";

/**
 * A lock covers a vault when its `backupVaultName` depends on the vault or equals the vault's `name` (or
 * `id`, which AWS Backup sets to the name). A lock whose vault name is unknown might cover any vault, so
 * none is reported then.
 * No catalog checks vault locks in code; the closest are Security Hub's backup-plan coverage controls
 * (FSBP RDS.26, EFS.2), whose recovery points the lock protects.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
 */
export const backupVaultRequireLock = stackPolicy({
  name: "aws-backup-vault-require-lock",
  description:
    "Every Backup vault must have a vault lock: without one, anyone who can call backup:DeleteRecoveryPoint " +
    "(a stolen admin credential, ransomware) deletes the backups before the retention ends, and with them the " +
    "means to recover.",
  catalog: ["FSBP RDS.26", "FSBP EFS.2"],
  remediation: "Add an aws.backup.VaultLockConfiguration whose backupVaultName is the vault's name.",
  types: [VAULT, LOCK],
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    const locks = ctx.ofType(LOCK);
    for (const vault of ctx.ofType(VAULT)) {
      const { attached, unseen } = attachedTo(vault, locks, "backupVaultName", ["name", "id"]);
      if (attached.length > 0 || unseen) continue;
      out.push({
        urn: vault.urn,
        message: `Backup vault "${vault.name}" has no vault lock: add an aws.backup.VaultLockConfiguration with backupVaultName set to it.`,
      });
    }
    return out;
  },
});
