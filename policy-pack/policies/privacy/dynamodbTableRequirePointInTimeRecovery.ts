import { resourcePolicy } from "../../lib/policy";
import { asObject, tagValue } from "../../lib/values";

/**
 * Judged on tables whose `rampart:data-class` is in config `dataClasses` (the consent ledger by default):
 * the records a deployment must be able to prove. PITR is off unless `pointInTimeRecovery.enabled`.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/dynamodb-controls.html#dynamodb-2
 */
export const dynamodbTableRequirePointInTimeRecovery = resourcePolicy({
  name: "aws-dynamodb-table-require-point-in-time-recovery",
  description:
    "DynamoDB tables holding consent records (rampart:data-class in config dataClasses) must have " +
    "point-in-time recovery (Security Hub DynamoDB.2): a bad write or a deleted item must not erase the " +
    "proof of what a user agreed to.",
  catalog: ["CKV_AWS_28", "AVD-AWS-0024", "FSBP DynamoDB.2"],
  remediation: "Set pointInTimeRecovery to { enabled: true }.",
  types: ["aws:dynamodb/table:Table"],
  configSchema: {
    properties: {
      dataClasses: {
        type: "array",
        items: { type: "string" },
        default: ["consent"],
        description: "Values of the rampart:data-class tag whose tables are judged.",
      },
    },
  },
  check: (props, ctx) => {
    const classes: string[] = Array.isArray(ctx.config.dataClasses) ? ctx.config.dataClasses : [];
    const cls = tagValue(props, "rampart:data-class");
    if (cls === undefined || !classes.includes(cls)) return;
    const pitr = "pointInTimeRecovery" in props ? asObject(props.pointInTimeRecovery) : undefined;
    if (pitr?.enabled !== true)
      return `Table holding ${cls} data has no point-in-time recovery: set pointInTimeRecovery: { enabled: true }.`;
  },
});
