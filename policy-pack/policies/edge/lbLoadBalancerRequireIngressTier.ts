import type { PolicyResource } from "@pulumi/policy";
import { stackPolicy, type StackViolation } from "../../lib/policy";
import { seen, UNSEEN } from "../../lib/unknown";
import { asList, asObject, tagValue } from "../../lib/values";
import { LB_TYPES } from "../../lib/elb";

export { LB_TYPES };

const SUBNET = "aws:ec2/subnet:Subnet";

/** Internet-facing unless `internal: true` (AWS's default scheme is internet-facing). */
export function isInternetFacing(lb: PolicyResource): boolean | typeof UNSEEN {
  return seen(() => !("internal" in lb.props) || lb.props.internal !== true);
}

/** The subnet ids an LB is placed in: `subnets` and `subnetMappings[].subnetId`. */
function subnetIds(lb: PolicyResource): string[] | typeof UNSEEN {
  return seen(() =>
    [
      ...("subnets" in lb.props ? asList(lb.props.subnets) : []),
      ...("subnetMappings" in lb.props
        ? asList(lb.props.subnetMappings).map((m) => asObject(m)?.subnetId)
        : []),
    ].filter((s): s is string => typeof s === "string"),
  );
}

/**
 * What is checkable: the subnets of this stack that the load balancer is placed in (through dependencies of
 * `subnets`/`subnetMappings`, or by id). Each must carry the tag `rampart:tier=ingress`. Subnets from
 * outside the stack (looked up, or ids in config) cannot be seen and are not judged.
 * Rampart-specific: no catalog checks subnet tiers. The closest general control is Trivy AVD-AWS-0053
 * (a load balancer exposed to the internet must be so on purpose): here the purpose is declared by the
 * ingress tier tag.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-scheme
 */
export const lbLoadBalancerRequireIngressTier = stackPolicy({
  name: "aws-lb-loadbalancer-require-ingress-tier",
  description:
    "Internet-facing load balancers must sit only in subnets tagged rampart:tier=ingress: a public load " +
    "balancer in the inference, data or management tier would route the internet straight into it, " +
    "bypassing the tier's NACLs and the WAF in front of the ingress tier.",
  catalog: ["AVD-AWS-0053"],
  remediation:
    "Set subnets (or subnetMappings) to subnets tagged rampart:tier=ingress, or set internal to true.",
  types: [...LB_TYPES, SUBNET],
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    const subnets = ctx.ofType(SUBNET);
    for (const lb of ctx.ofType(...LB_TYPES)) {
      if (isInternetFacing(lb) !== true) continue;
      const ids = subnetIds(lb);
      const depUrns = new Set(
        [
          ...(lb.propertyDependencies?.subnets ?? []),
          ...(lb.propertyDependencies?.subnetMappings ?? []),
          ...(lb.propertyDependencies &&
          ("subnets" in lb.propertyDependencies || "subnetMappings" in lb.propertyDependencies)
            ? []
            : (lb.dependencies ?? [])),
        ].map((d) => d.urn),
      );
      const placed = subnets.filter((s) => {
        if (depUrns.has(s.urn)) return true;
        const id = seen(() => ("id" in s.props ? s.props.id : undefined));
        return ids !== UNSEEN && typeof id === "string" && ids.includes(id);
      });
      const outside = placed.filter((s) => {
        const tier = seen(() => tagValue(s.props, "rampart:tier"));
        return tier !== UNSEEN && tier !== "ingress";
      });
      if (outside.length > 0)
        out.push({
          urn: lb.urn,
          message: `Internet-facing load balancer "${lb.name}" is in subnet${outside.length > 1 ? "s" : ""} ${outside.map((s) => `"${s.name}"`).join(", ")} outside the ingress tier: place it in subnets tagged rampart:tier=ingress, or set internal: true.`,
        });
    }
    return out;
  },
});
