import { lower } from "./values";

/**
 * Every type token @pulumi/aws registers for one Elastic Load Balancing v2 resource: `aws:lb/*` (the
 * canonical module) and its aliases `aws:alb/*`, `aws:applicationloadbalancing/*` and
 * `aws:elasticloadbalancingv2/*` (older SDK modules kept as aliases, so a stack written against them keeps
 * its URNs). Policies match all four, or a program written with `aws.alb.Listener` escapes them.
 * @see node_modules/@pulumi/aws/lb/listener.js (the `aliases` list of each resource)
 */
function elbv2Types(resource: string): readonly string[] {
  return ["lb", "alb", "applicationloadbalancing", "elasticloadbalancingv2"].map(
    (module) => `aws:${module}/${resource}`,
  );
}

/** Load balancers as @pulumi/aws registers them: `aws.lb.LoadBalancer` and its aliases. */
export const LB_TYPES = elbv2Types("loadBalancer:LoadBalancer");
export const LISTENER_TYPES = elbv2Types("listener:Listener");
export const LISTENER_RULE_TYPES = elbv2Types("listenerRule:ListenerRule");
export const TARGET_GROUP_TYPES = elbv2Types("targetGroup:TargetGroup");

/**
 * Classic Load Balancers: `aws.elb.LoadBalancer` and its alias `aws:elasticloadbalancing/...`; their SSL
 * negotiation policies (`LoadBalancerPolicy`, or the older `SslNegotiationPolicy`) and the resource that
 * binds a policy to a listener port (`ListenerPolicy`).
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/elb/loadbalancer/
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/elb/loadbalancerpolicy/
 */
const classic = (resource: string) => ["elb", "elasticloadbalancing"].map((m) => `aws:${m}/${resource}`);
export const CLASSIC_LB_TYPES = classic("loadBalancer:LoadBalancer");
export const CLASSIC_LB_POLICY_TYPES = classic("loadBalancerPolicy:LoadBalancerPolicy");
export const CLASSIC_SSL_NEGOTIATION_POLICY_TYPES = classic("sslNegotiationPolicy:SslNegotiationPolicy");
export const CLASSIC_LISTENER_POLICY_TYPES = classic("listenerPolicy:ListenerPolicy");

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
