import { publicPolicyViolations } from "../../lib/iam";
import { resourcePolicy } from "../../lib/policy";

/**
 * The registry policy grants other accounts replication into, and pull-through caching in, the whole
 * registry (`ecr:ReplicateImage`, `ecr:CreateRepository`, `ecr:BatchImportUpstreamImage`). Allowed to
 * `"*"` without a condition, any account could create repositories and push images into ours.
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry-permissions.html
 */
export const ecrRegistryPolicyDisallowPublicPrincipal = resourcePolicy({
  name: "aws-ecr-registrypolicy-disallow-public-principal",
  description:
    'The ECR registry policy must not allow any principal ("*") without a condition restricting the caller: ' +
    "any AWS account could replicate images or create repositories in our registry.",
  catalog: ["CKV_AWS_32", "AVD-AWS-0032"],
  remediation:
    'Name the trusted accounts in the registry policy\'s Principal, or add a StringEquals condition on aws:PrincipalOrgID or aws:PrincipalAccount to each Principal "*" statement.',
  types: ["aws:ecr/registryPolicy:RegistryPolicy"],
  check: (props) => {
    if (!("policy" in props)) return;
    return publicPolicyViolations(props.policy, "Registry policy");
  },
});
