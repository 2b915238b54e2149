import { stackPolicy, type StackViolation } from "../../lib/policy";
import { attachedTo } from "../../lib/refs";
import { seen, UNSEEN } from "../../lib/unknown";
import { at, plain, tagValue } from "../../lib/values";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const POLICY = "aws:cloudwatch/logDataProtectionPolicy:LogDataProtectionPolicy";
const ACCOUNT_POLICY = "aws:cloudwatch/logAccountPolicy:LogAccountPolicy";

/**
 * Per log group whose `rampart:data-class` is in config `dataClasses`: a LogDataProtectionPolicy naming it
 * (`logGroupName`), or an account-wide LogAccountPolicy of type DATA_PROTECTION_POLICY (which applies to
 * every log group). Unknown values are not judged.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/mask-sensitive-log-data.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutAccountPolicy.html
 */
export const cloudwatchLogGroupRequireDataProtection = stackPolicy({
  name: "aws-cloudwatch-loggroup-require-data-protection",
  description:
    "Log groups carrying transcripts or application logs (rampart:data-class in config dataClasses) must have " +
    "a CloudWatch Logs data protection policy: PII or credentials that slip past the shipper's redaction are " +
    "then masked for every reader and audited, a second line behind the first.",
  // No catalog checks CloudWatch Logs data protection policies: the closest general controls are those protecting log group content (CKV_AWS_158 / AVD-AWS-0017, a customer managed key), which this policy complements by masking what the key would only encrypt.
  catalog: ["CKV_AWS_158", "AVD-AWS-0017"],
  remediation:
    "Add a LogDataProtectionPolicy with logGroupName set to the group (Audit and Deidentify statements), or an account LogAccountPolicy of policyType DATA_PROTECTION_POLICY.",
  types: [LOG_GROUP, POLICY, ACCOUNT_POLICY],
  configSchema: {
    properties: {
      dataClasses: {
        type: "array",
        items: { type: "string" },
        default: ["transcripts", "application-logs"],
        description: "Values of the rampart:data-class tag whose log groups need a data protection policy.",
      },
    },
  },
  check: (_resources, ctx) => {
    const accountWide = ctx.ofType(ACCOUNT_POLICY).map((p) => at(plain(p.props), "policyType"));
    if (accountWide.some((t) => t === UNSEEN || t === "DATA_PROTECTION_POLICY")) return [];
    const classes: string[] = Array.isArray(ctx.config.dataClasses) ? ctx.config.dataClasses : [];
    const policies = ctx.ofType(POLICY);
    const out: StackViolation[] = [];
    for (const group of ctx.ofType(LOG_GROUP)) {
      const cls = seen(() => tagValue(group.props, "rampart:data-class"));
      if (cls === UNSEEN || cls === undefined || !classes.includes(cls)) continue;
      const { attached, unseen } = attachedTo(group, policies, "logGroupName", ["name", "id"]);
      if (attached.length > 0 || unseen) continue;
      out.push({
        urn: group.urn,
        message:
          `Log group "${group.name}" carries ${cls} and has no data protection policy: add a ` +
          `LogDataProtectionPolicy for it (Audit and Deidentify statements over the PII and credential identifiers).`,
      });
    }
    return out;
  },
});
