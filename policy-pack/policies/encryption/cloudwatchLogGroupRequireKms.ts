import { resourcePolicy } from "../../lib/policy";
import { isSet } from "../../lib/values";

/** @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html */
export const cloudwatchLogGroupRequireKms = resourcePolicy({
  name: "aws-cloudwatch-loggroup-require-kms",
  description:
    "CloudWatch log groups (audit, flow and application logs, which can carry prompts and tokens) must be " +
    "encrypted with our KMS key, so reading them needs both IAM and key-policy permission.",
  catalog: ["CKV_AWS_158", "AVD-AWS-0017"],
  remediation: "Set kmsKeyId to the ARN of our customer-managed KMS key.",
  types: ["aws:cloudwatch/logGroup:LogGroup"],
  check: (props) => {
    if (!("kmsKeyId" in props) || !isSet(props.kmsKeyId))
      return "Log group is not encrypted with a KMS key: set kmsKeyId.";
  },
});
