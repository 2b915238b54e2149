import { publicPolicyViolations } from "../../lib/iam";
import { resourcePolicy } from "../../lib/policy";

/**
 * Checked on a separate `TopicPolicy` and on the inline `policy` of `Topic`. AWS's default topic policy
 * allows `"*"` with `AWS:SourceOwner` (the account), which passes.
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/sns/topicpolicy/
 */
export const snsTopicDisallowPublicPrincipal = resourcePolicy({
  name: "aws-sns-topic-disallow-public-principal",
  description:
    'SNS topic policies must not allow any principal ("*") without a condition restricting the caller: ' +
    "anyone could publish forged notifications to every subscriber, or subscribe and receive them.",
  catalog: ["CKV_AWS_169"],
  remediation:
    'Remove the topic policy statement allowing Principal "*", or add an aws:SourceOwner, aws:SourceAccount or aws:PrincipalOrgID condition.',
  types: ["aws:sns/topicPolicy:TopicPolicy", "aws:sns/topic:Topic"],
  check: (props) => {
    if (!("policy" in props)) return;
    return publicPolicyViolations(props.policy, "Topic policy");
  },
});
