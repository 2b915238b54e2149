import { publicPolicyViolations } from "../../lib/iam";
import { resourcePolicy } from "../../lib/policy";

/**
 * Checked on a separate `QueuePolicy` and on the inline `policy` of `Queue`. A service sending to the
 * queue (S3 events, SNS) is admitted with `aws:SourceArn`/`aws:SourceAccount`, which passes.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-security-best-practices.html
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/sqs/queuepolicy/
 */
export const sqsQueueDisallowPublicPrincipal = resourcePolicy({
  name: "aws-sqs-queue-disallow-public-principal",
  description:
    'SQS queue policies must not allow any principal ("*") without a condition restricting the caller: ' +
    "anyone could read, delete or inject messages, and so drive whatever consumes the queue.",
  catalog: ["CKV_AWS_168"],
  remediation:
    'Remove the queue policy statement allowing Principal "*", or add an aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID condition.',
  types: ["aws:sqs/queuePolicy:QueuePolicy", "aws:sqs/queue:Queue"],
  check: (props) => {
    if (!("policy" in props)) return;
    return publicPolicyViolations(props.policy, "Queue policy");
  },
});
