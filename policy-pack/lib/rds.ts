import type { PolicyConfigSchema } from "@pulumi/policy";
import type { Props } from "./policy";
import { asNumber } from "./values";

/**
 * Automated backups of RDS instances and clusters: `backupRetentionPeriod` days of daily snapshots plus
 * transaction logs for point-in-time restore; 0 turns them off (instances only). What the provider does
 * when it is omitted differs by kind, so each policy passes its own default.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/rds/instance/#backupretentionperiod_nodejs
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/rds/cluster/#backupretentionperiod_nodejs
 */

/** The configurable minimum retention: a week, to notice a bad write before its last good restore point expires. */
export const BACKUP_RETENTION_SCHEMA: PolicyConfigSchema = {
  properties: {
    minimumDays: {
      type: "number",
      minimum: 1,
      maximum: 35,
      default: 7,
      description: "Minimum backupRetentionPeriod in days (RDS allows 0-35; 0 disables automated backups).",
    },
  },
};

/** Why `props.backupRetentionPeriod` is below `minimumDays`, or undefined when it is enough. */
export function backupRetentionProblem(
  props: Props,
  config: Record<string, any>,
  what: string,
  defaultDays: number,
): string | undefined {
  const min = asNumber(config.minimumDays) ?? 7;
  const set = "backupRetentionPeriod" in props && props.backupRetentionPeriod !== undefined;
  const days = set ? asNumber(props.backupRetentionPeriod) : defaultDays;
  if (days !== undefined && days >= min) return undefined;
  const now = !set
    ? `backupRetentionPeriod is unset (the provider's default is ${defaultDays})`
    : days === undefined
      ? `backupRetentionPeriod ${JSON.stringify(props.backupRetentionPeriod)} is not a number of days`
      : days === 0
        ? "backupRetentionPeriod is 0, which turns automated backups off"
        : `backupRetentionPeriod is ${days} day${days === 1 ? "" : "s"}`;
  return `${what} ${now}: set backupRetentionPeriod to at least ${min}.`;
}
