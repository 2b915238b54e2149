import { resourcePolicy } from "../../lib/policy";
import { isSet } from "../../lib/values";

/** @see https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html */
export const snsTopicRequireKmsEncryption = resourcePolicy({
  name: "aws-sns-topic-require-kms-encryption",
  description:
    "SNS topics (security alerts, incident notifications) must encrypt messages at rest with KMS; SNS does " +
    "not encrypt by default.",
  catalog: ["CKV_AWS_26", "AVD-AWS-0095", "FSBP SNS.1"],
  remediation: "Set kmsMasterKeyId to a KMS key ID or alias.",
  types: ["aws:sns/topic:Topic"],
  check: (props) => {
    if (!("kmsMasterKeyId" in props) || !isSet(props.kmsMasterKeyId))
      return "SNS topic is not encrypted: set kmsMasterKeyId to a KMS key.";
  },
});
