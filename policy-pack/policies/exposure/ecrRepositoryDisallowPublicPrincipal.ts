import { publicPolicyViolations } from "../../lib/iam";
import { resourcePolicy } from "../../lib/policy";

/**
 * A repository policy allowing `"*"` without a restricting condition lets any AWS account pull (or, with
 * push actions, overwrite) our images. Sharing across the organization is done with a condition on
 * `aws:PrincipalOrgID`, which passes.
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/ecr/repositorypolicy/
 */
export const ecrRepositoryDisallowPublicPrincipal = resourcePolicy({
  name: "aws-ecr-repository-disallow-public-principal",
  description:
    'ECR repository policies must not allow any principal ("*") without a condition restricting the caller: ' +
    "any AWS account could pull our inference images, or push a poisoned one if write actions are allowed.",
  catalog: ["CKV_AWS_32", "AVD-AWS-0032"],
  remediation:
    'Remove the statement allowing Principal "*" from the repository policy, or add an aws:PrincipalOrgID or aws:SourceAccount condition.',
  types: ["aws:ecr/repositoryPolicy:RepositoryPolicy"],
  check: (props) => {
    if (!("policy" in props)) return;
    return publicPolicyViolations(props.policy, "Repository policy");
  },
});
