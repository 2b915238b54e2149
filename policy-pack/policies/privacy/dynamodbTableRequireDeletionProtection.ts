import { resourcePolicy } from "../../lib/policy";
import { tagValue } from "../../lib/values";

/**
 * Judged on tables whose `rampart:data-class` is in config `dataClasses` (the consent ledger by default).
 * Deletion protection is off unless `deletionProtectionEnabled: true`; deleting a table ends its
 * continuous backups (PITR), so the live ledger is the record.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/dynamodb-controls.html#dynamodb-6
 */
export const dynamodbTableRequireDeletionProtection = resourcePolicy({
  name: "aws-dynamodb-table-require-deletion-protection",
  description:
    "DynamoDB tables holding consent records (rampart:data-class in config dataClasses) must have deletion " +
    "protection (Security Hub DynamoDB.6): one delete call or a stack destroy would otherwise remove the " +
    "record of what users consented to, and end its point-in-time backups.",
  // No verified catalog check covers DynamoDB deletion protection: the closest are the table recovery controls (CKV_AWS_28, DynamoDB.2), which a deleted table also loses.
  catalog: ["CKV_AWS_28", "FSBP DynamoDB.2"],
  remediation: "Set deletionProtectionEnabled to true.",
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
    if (!("deletionProtectionEnabled" in props) || props.deletionProtectionEnabled !== true)
      return `Table holding ${cls} data can be deleted: set deletionProtectionEnabled: true.`;
  },
});
