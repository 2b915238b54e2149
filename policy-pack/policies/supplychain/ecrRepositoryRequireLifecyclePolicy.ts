import { stackPolicy, type StackViolation } from "../../lib/policy";
import { seen, UNSEEN } from "../../lib/unknown";

const REPOSITORY = "aws:ecr/repository:Repository";
const LIFECYCLE = "aws:ecr/lifecyclePolicy:LifecyclePolicy";

/**
 * Without a lifecycle policy a repository keeps every image ever pushed: old, vulnerable images stay
 * pullable (and keep raising findings) and untagged layers accumulate. A repository passes when a
 * LifecyclePolicy in the stack names it (`repository` equal to the repository's `name`). When a
 * lifecycle policy's repository is unknown during preview, it could belong to any repository: nothing
 * is reported.
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html
 */
export const ecrRepositoryRequireLifecyclePolicy = stackPolicy({
  name: "aws-ecr-repository-require-lifecycle-policy",
  description:
    "ECR repositories must have a lifecycle policy, so untagged images expire and old (vulnerable) images " +
    "do not stay pullable forever; keep enough tagged images to roll back.",
  catalog: ["CIS EKS 5.1.1"],
  remediation:
    "Add an aws.ecr.LifecyclePolicy whose repository is the repository's name, expiring untagged images and keeping the recent tagged ones.",
  types: [REPOSITORY, LIFECYCLE],
  check: (_resources, ctx) => {
    const covered = ctx
      .ofType(LIFECYCLE)
      .map((l) => seen(() => ("repository" in l.props ? (l.props.repository as unknown) : undefined)));
    if (covered.includes(UNSEEN)) return [];
    const names = new Set(covered.filter((n): n is string => typeof n === "string"));
    const out: StackViolation[] = [];
    for (const repo of ctx.ofType(REPOSITORY)) {
      const name = seen(() => ("name" in repo.props ? (repo.props.name as unknown) : undefined));
      if (name === UNSEEN) continue;
      // Without a name input the provider names the repository after the resource.
      const repoName = typeof name === "string" ? name : repo.name;
      if (!names.has(repoName))
        out.push({
          urn: repo.urn,
          message: `ECR repository "${repoName}" has no lifecycle policy: add an aws.ecr.LifecyclePolicy that expires untagged images and keeps the most recent tagged ones.`,
        });
    }
    return out;
  },
});
