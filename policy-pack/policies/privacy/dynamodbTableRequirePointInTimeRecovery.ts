import { resourcePolicy } from "../../lib/policy";
import { asObject, tagValue } from "../../lib/values";

/**
 * Judged on every table (CKV_AWS_28 and DynamoDB.2 judge every table too), except those whose
 * `rampart:data-class` is in config `exemptDataClasses` (none by default): a cache a deployment can
 * rebuild may be exempted, explicitly. PITR is off unless `pointInTimeRecovery.enabled`.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/dynamodb-controls.html#dynamodb-2
 */
export const dynamodbTableRequirePointInTimeRecovery = resourcePolicy({
  name: "aws-dynamodb-table-require-point-in-time-recovery",
  description:
    "DynamoDB tables must have point-in-time recovery: a bad write or a deleted item must not be beyond " +
    "repair, and for the consent ledger it must not erase the proof of what a user agreed to.",
  catalog: ["CKV_AWS_28", "AVD-AWS-0024", "FSBP DynamoDB.2"],
  remediation: "Set pointInTimeRecovery to { enabled: true }.",
  types: ["aws:dynamodb/table:Table"],
  configSchema: {
    properties: {
      exemptDataClasses: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Values of the rampart:data-class tag whose tables are not judged (rebuildable data).",
      },
    },
  },
  check: (props, ctx) => {
    const exempt: string[] = Array.isArray(ctx.config.exemptDataClasses) ? ctx.config.exemptDataClasses : [];
    const cls = tagValue(props, "rampart:data-class");
    if (cls !== undefined && cls !== "" && exempt.includes(cls)) return;
    const pitr = "pointInTimeRecovery" in props ? asObject(props.pointInTimeRecovery) : undefined;
    if (pitr?.enabled !== true)
      return `Table${cls ? ` holding ${cls} data` : ""} has no point-in-time recovery: set pointInTimeRecovery: { enabled: true }.`;
  },
});
