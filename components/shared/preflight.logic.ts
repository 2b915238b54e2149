/**
 * Preflight checks: what the account must already have for `pulumi up` to succeed, checked with read-only
 * lookups before the resources that need it, so a missing prerequisite fails with one clear message
 * instead of an AWS error halfway through an update. Pure logic here; the lookups are in preflight.ts.
 */

/** The service-linked role EKS managed node groups launch encrypted volumes through. */
export const AUTO_SCALING_SLR = {
  name: "AWSServiceRoleForAutoScaling",
  pathPrefix: "/aws-service-role/autoscaling.amazonaws.com/",
  create: "aws iam create-service-linked-role --aws-service-name autoscaling.amazonaws.com",
} as const;

/** Why the account cannot take the volumes key policy, or undefined when the role exists. */
export function autoScalingRoleProblem(roleNames: readonly string[]): string | undefined {
  return roleNames.includes(AUTO_SCALING_SLR.name)
    ? undefined
    : `preflight: the account has no ${AUTO_SCALING_SLR.name} service-linked role, which the volumes key policy names (KMS refuses a policy naming a role that does not exist). Create it once per account: ${AUTO_SCALING_SLR.create}`;
}

/**
 * The (instance type, zone) pairs a node group needs that EC2 does not offer: EKS cannot launch a GPU
 * type in a zone that lacks it, and GPU types are offered in few zones.
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceTypeOfferings.html
 */
export function missingOfferings(
  instanceTypes: readonly string[],
  zones: readonly string[],
  offered: { readonly instanceTypes: readonly string[]; readonly locations: readonly string[] },
): string[] {
  const have = new Set(offered.instanceTypes.map((t, i) => `${t}@${offered.locations[i] ?? ""}`));
  return instanceTypes.flatMap((t) => zones.filter((z) => !have.has(`${t}@${z}`)).map((z) => `${t} in ${z}`));
}

export function offeringsProblem(pool: string, missing: readonly string[]): string | undefined {
  return missing.length === 0
    ? undefined
    : `preflight: GPU pool ${pool}: EC2 does not offer ${missing.join(", ")} (choose instance types offered in every zone of the pool, or other zones: aws ec2 describe-instance-type-offerings --location-type availability-zone)`;
}
