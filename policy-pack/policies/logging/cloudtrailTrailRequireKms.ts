import { resourcePolicy } from "../../lib/policy";
import { isSet } from "../../lib/values";

/** @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html */
export const cloudtrailTrailRequireKms = resourcePolicy({
  name: "aws-cloudtrail-trail-require-kms",
  description:
    "CloudTrail trails must encrypt log files with our KMS key (SSE-KMS), so reading the audit trail needs " +
    "the key policy's consent as well as S3 access.",
  catalog: ["CKV_AWS_35", "AVD-AWS-0015", "CIS AWS 3.7", "FSBP CloudTrail.2"],
  remediation: "Set kmsKeyId to the ARN of a customer managed KMS key whose policy lets CloudTrail encrypt.",
  types: ["aws:cloudtrail/trail:Trail"],
  check: (props) => {
    if (!("kmsKeyId" in props) || !isSet(props.kmsKeyId))
      return "Trail log files are not encrypted with KMS: set kmsKeyId.";
  },
});
