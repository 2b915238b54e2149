import { lower } from "./values";

/** Load balancers as @pulumi/aws registers them: `aws.lb.LoadBalancer` and its `aws.alb` alias. */
export const LB_TYPES = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
export const TARGET_GROUP_TYPES = ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"];

/**
 * `loadBalancerType` as written, lower-cased; unset means "application" (the provider's default). Read
 * through the SDK proxy: an unknown type throws its unknown-value error (an advisory note in preview).
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/lb/loadbalancer/#loadbalancertype_nodejs
 */
export function lbKind(props: Record<string, any>): string | undefined {
  return "loadBalancerType" in props ? lower(props.loadBalancerType) : "application";
}

/** A label for messages: `Load balancer "public"`. */
export function lbLabel(name: string): string {
  return `Load balancer "${name}"`;
}
