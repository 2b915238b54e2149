import { resourcePolicy } from "../../lib/policy";
import { BACKUP_RETENTION_SCHEMA, backupRetentionProblem } from "../../lib/rds";

/**
 * Aurora and Multi-AZ DB clusters always keep automated backups (1 to 35 days, provider default 1): one day
 * is too short to notice a bad write before its last good restore point expires. A cross-Region replica
 * cluster (`replicationSourceIdentifier`) is not judged, as Trivy's AVD-AWS-0077 skips it.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Managing.Backups.html
 */
export const rdsClusterRequireBackupRetention = resourcePolicy({
  name: "aws-rds-cluster-require-backup-retention",
  description:
    "RDS clusters must keep automated backups for at least the configured number of days (7 by default, not " +
    "the 1-day default), so a bad write is still restorable when it is noticed.",
  catalog: ["CKV_AWS_133", "AVD-AWS-0077"],
  remediation:
    "Set backupRetentionPeriod to at least the configured minimum (7 days by default, at most 35).",
  types: ["aws:rds/cluster:Cluster"],
  configSchema: BACKUP_RETENTION_SCHEMA,
  check: (props, ctx) => {
    if ("replicationSourceIdentifier" in props && props.replicationSourceIdentifier) return;
    return backupRetentionProblem(props, ctx.config, "RDS cluster", 1);
  },
});
