import { resourcePolicy } from "../../lib/policy";
import { asNumber } from "../../lib/values";

/**
 * `retentionInDays` unset or 0 means "never expire", which satisfies any minimum.
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
export const cloudwatchLogGroupRequireRetention = resourcePolicy({
  name: "aws-cloudwatch-loggroup-require-retention",
  description:
    "Log groups must keep logs at least the configured number of days (365 in prod): incidents are often " +
    "found months later, and the evidence must still be there.",
  types: ["aws:cloudwatch/logGroup:LogGroup"],
  configSchema: {
    properties: {
      minimumDays: {
        type: "number",
        minimum: 1,
        default: 365,
        description: "Minimum retentionInDays (0 or unset = never expire, which passes).",
      },
    },
  },
  check: (props, ctx) => {
    if (!("retentionInDays" in props)) return;
    const days = asNumber(props.retentionInDays);
    const min = asNumber(ctx.config.minimumDays) ?? 365;
    if (days !== undefined && days > 0 && days < min)
      return `Log group retention is ${days} days: set retentionInDays to at least ${min}.`;
  },
});
