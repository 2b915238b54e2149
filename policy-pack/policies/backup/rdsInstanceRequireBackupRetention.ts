import { resourcePolicy } from "../../lib/policy";
import { BACKUP_RETENTION_SCHEMA, backupRetentionProblem } from "../../lib/rds";

/**
 * The provider's default for an instance is 0 (no automated backups; the RDS API itself defaults to 1).
 * A read replica (`replicateSourceDb`) is restored from its source's backups and is not judged, as Trivy's
 * AVD-AWS-0077 skips it.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html
 */
export const rdsInstanceRequireBackupRetention = resourcePolicy({
  name: "aws-rds-instance-require-backup-retention",
  description:
    "RDS instances must keep automated backups for at least the configured number of days (7 by default): " +
    "without them a bad migration, a dropped table or ransomware inside the database can only be undone " +
    "from whatever manual snapshot happens to exist.",
  catalog: ["CKV_AWS_133", "AVD-AWS-0077", "FSBP RDS.11"],
  remediation:
    "Set backupRetentionPeriod to at least the configured minimum (7 days by default, at most 35).",
  types: ["aws:rds/instance:Instance"],
  configSchema: BACKUP_RETENTION_SCHEMA,
  check: (props, ctx) => {
    if ("replicateSourceDb" in props && props.replicateSourceDb) return;
    return backupRetentionProblem(props, ctx.config, "RDS instance", 0);
  },
});
