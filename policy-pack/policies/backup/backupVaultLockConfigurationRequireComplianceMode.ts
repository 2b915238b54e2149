import { resourcePolicy } from "../../lib/policy";

/**
 * A vault lock is in compliance mode when `changeableForDays` is set: after that many days nobody, the
 * root user included, can delete a recovery point early or remove the lock. Without it the lock is in
 * governance mode, which any principal allowed backup:DeleteBackupVaultLockConfiguration can lift.
 * Advisory by default (dev may want governance mode to clean up); mandatory in prod.
 * No catalog checks the lock mode in code; the closest are Security Hub's backup-plan coverage controls
 * (FSBP RDS.26, EFS.2), whose recovery points the lock protects.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
 */
export const backupVaultLockConfigurationRequireComplianceMode = resourcePolicy({
  name: "aws-backup-vaultlockconfiguration-require-compliance-mode",
  description:
    "Backup vault locks must be in compliance mode (changeableForDays set): a governance-mode lock can be " +
    "removed by any principal allowed backup:DeleteBackupVaultLockConfiguration, so it does not protect the " +
    "backups from a compromised administrator.",
  enforcementLevel: "advisory",
  catalog: ["FSBP RDS.26", "FSBP EFS.2"],
  remediation:
    "Set changeableForDays (3 or more) on the VaultLockConfiguration to lock it in compliance mode.",
  types: ["aws:backup/vaultLockConfiguration:VaultLockConfiguration"],
  check: (props) => {
    if (
      !("changeableForDays" in props) ||
      props.changeableForDays === undefined ||
      props.changeableForDays === null
    )
      return "Backup vault lock is in governance mode (no changeableForDays), which can be removed: set changeableForDays (at least 3) for compliance mode.";
  },
});
