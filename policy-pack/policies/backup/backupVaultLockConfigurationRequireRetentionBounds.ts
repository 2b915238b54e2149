import { resourcePolicy } from "../../lib/policy";
import { asNumber } from "../../lib/values";

/**
 * A lock without `minRetentionDays` lets a plan keep recovery points for a day (or a rule delete them
 * early); without `maxRetentionDays`, a plan without expiry keeps them (and their data) forever.
 * No catalog checks lock bounds in code; the closest are Security Hub's backup-plan coverage controls
 * (FSBP RDS.26, EFS.2), whose recovery points the lock protects.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultLockConfiguration.html
 */
export const backupVaultLockConfigurationRequireRetentionBounds = resourcePolicy({
  name: "aws-backup-vaultlockconfiguration-require-retention-bounds",
  description:
    "Backup vault locks must set both minRetentionDays and maxRetentionDays: the minimum keeps a changed plan " +
    "from shortening retention below what recovery needs, the maximum keeps personal data from being kept " +
    "longer than its retention allows.",
  catalog: ["FSBP RDS.26", "FSBP EFS.2"],
  remediation: "Set both minRetentionDays and maxRetentionDays on the VaultLockConfiguration.",
  types: ["aws:backup/vaultLockConfiguration:VaultLockConfiguration"],
  check: (props) => {
    const out: string[] = [];
    for (const field of ["minRetentionDays", "maxRetentionDays"] as const) {
      if (!(field in props) || asNumber(props[field]) === undefined)
        out.push(`Backup vault lock has no ${field}: set it to the bound of the retention your plans use.`);
    }
    return out;
  },
});
