import { resourcePolicy } from "../../lib/policy";
import { isSet } from "../../lib/values";

/**
 * New queues get SSE-SQS by default, so only an explicit `sqsManagedSseEnabled: false` without a KMS key
 * leaves a queue unencrypted.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
 */
export const sqsQueueRequireEncryption = resourcePolicy({
  name: "aws-sqs-queue-require-encryption",
  description:
    "SQS queues must encrypt messages at rest (SSE-SQS or a KMS key); turning SSE-SQS off without a KMS " +
    "key stores messages in clear.",
  catalog: ["CKV_AWS_27", "AVD-AWS-0096", "FSBP SQS.1"],
  remediation: "Set kmsMasterKeyId to a KMS key, or leave sqsManagedSseEnabled at its default true.",
  types: ["aws:sqs/queue:Queue"],
  check: (props) => {
    if ("kmsMasterKeyId" in props && isSet(props.kmsMasterKeyId)) return;
    if ("sqsManagedSseEnabled" in props && props.sqsManagedSseEnabled === false)
      return "SQS queue is not encrypted: set kmsMasterKeyId, or leave sqsManagedSseEnabled on.";
  },
});
