import { resourcePolicy } from "../../lib/policy";
import { asObject, isSet, isUnknown, plain } from "../../lib/values";

/**
 * Set, or unknown during preview (another resource's output: it will be set, so the unknown decides
 * nothing; read without `at`, which would record it as an unseen read and make a note of it).
 */
const setOrUnknown = (props: Record<string, any>, key: string) => {
  const v = asObject(plain(props))?.[key];
  return isUnknown(v) || isSet(v);
};

/**
 * CloudTrail needs both the log group ARN and a role it can assume to write there.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-5
 */
export const cloudtrailTrailRequireCloudwatchLogs = resourcePolicy({
  name: "aws-cloudtrail-trail-require-cloudwatch-logs",
  description:
    "Trails must also deliver to CloudWatch Logs (Security Hub CloudTrail.5, CIS 3.4): the CIS metric " +
    "filters, the alarms and the SIEM subscription read the trail there, in minutes rather than hours.",
  catalog: ["CKV2_AWS_10", "AVD-AWS-0162", "CIS AWS 3.4", "FSBP CloudTrail.5"],
  remediation:
    "Set cloudWatchLogsGroupArn to the log group's ARN (ending :*) and cloudWatchLogsRoleArn to a role CloudTrail can assume to write to it.",
  types: ["aws:cloudtrail/trail:Trail"],
  check: (props) => {
    const out: string[] = [];
    if (!setOrUnknown(props, "cloudWatchLogsGroupArn"))
      out.push(
        "Trail does not deliver to CloudWatch Logs: set cloudWatchLogsGroupArn (the log group ARN with :*).",
      );
    if (!setOrUnknown(props, "cloudWatchLogsRoleArn"))
      out.push("Trail has no role to write to CloudWatch Logs: set cloudWatchLogsRoleArn.");
    return out;
  },
});
