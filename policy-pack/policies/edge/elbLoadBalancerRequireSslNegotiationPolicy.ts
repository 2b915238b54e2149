import type { PolicyResource } from "@pulumi/policy";
import {
  CLASSIC_LB_TYPES,
  CLASSIC_LISTENER_POLICY_TYPES,
  CLASSIC_SSL_NEGOTIATION_POLICY_TYPES,
} from "../../lib/elb";
import { stackPolicy, type StackViolation } from "../../lib/policy";
import { refersTo } from "../../lib/refs";
import { seen, UNSEEN } from "../../lib/unknown";
import { asList, asNumber, asObject, lower } from "../../lib/values";

/** The ports of a Classic Load Balancer's HTTPS and SSL listeners. */
function tlsPorts(lb: PolicyResource): number[] | typeof UNSEEN {
  return seen(() =>
    ("listeners" in lb.props ? asList(lb.props.listeners) : []).flatMap((entry) => {
      const l = asObject(entry);
      const protocol = l && "lbProtocol" in l ? lower(l.lbProtocol) : undefined;
      const port = asNumber(l?.lbPort);
      return (protocol === "https" || protocol === "ssl") && port !== undefined ? [port] : [];
    }),
  );
}

/**
 * Does `binding` (an SslNegotiationPolicy by `loadBalancer` + `lbPort`, or a ListenerPolicy by
 * `loadBalancerName` + `loadBalancerPort` with at least one policy name) set a policy on `lb`'s `port`?
 * Undefined: cannot tell (an unknown name or port).
 */
function binds(binding: PolicyResource, lb: PolicyResource, port: number): boolean | undefined {
  const negotiation = CLASSIC_SSL_NEGOTIATION_POLICY_TYPES.includes(binding.type);
  const on = refersTo(binding, negotiation ? "loadBalancer" : "loadBalancerName", lb, ["name", "id"]);
  if (on !== true) return on;
  const matches = seen(() => {
    const p = binding.props;
    const bound = asNumber(negotiation ? p.lbPort : p.loadBalancerPort);
    if (bound !== port) return false;
    return negotiation || asList("policyNames" in p ? p.policyNames : []).some((n) => n !== "");
  });
  return matches === UNSEEN ? undefined : matches;
}

/**
 * An HTTPS or SSL listener of a Classic Load Balancer with no SSL negotiation policy set on its port gets
 * the default, `ELBSecurityPolicy-2016-08`, which negotiates TLS 1.0 and 1.1. The policy is set by an
 * `SslNegotiationPolicy` (load balancer and port) or by a `ListenerPolicy` naming a `LoadBalancerPolicy`
 * for the port; whether that policy is modern enough is aws-elb-loadbalancerpolicy-require-modern-tls's
 * question. Separate resources, hence a stack policy; a load balancer whose bindings cannot be seen
 * (unknown names or ports) is not judged. Security Hub ELB.8 asks SSL listeners for a strong predefined
 * policy, which an unset one is not.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-security-policy-table.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-8
 */
export const elbLoadBalancerRequireSslNegotiationPolicy = stackPolicy({
  name: "aws-elb-loadbalancer-require-ssl-negotiation-policy",
  description:
    "Classic Load Balancer HTTPS and SSL listeners must have an SSL negotiation policy set on their port (an " +
    "SslNegotiationPolicy, or a ListenerPolicy naming a LoadBalancerPolicy): without one they use " +
    "ELBSecurityPolicy-2016-08, which still negotiates TLS 1.0 and 1.1.",
  catalog: ["FSBP ELB.8"],
  remediation:
    'Add an aws.elb.ListenerPolicy for the listener\'s port naming an aws.elb.LoadBalancerPolicy whose Reference-Security-Policy is "ELBSecurityPolicy-TLS-1-2-2017-01".',
  types: [...CLASSIC_LB_TYPES, ...CLASSIC_LISTENER_POLICY_TYPES, ...CLASSIC_SSL_NEGOTIATION_POLICY_TYPES],
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    const bindings = ctx.ofType(...CLASSIC_LISTENER_POLICY_TYPES, ...CLASSIC_SSL_NEGOTIATION_POLICY_TYPES);
    for (const lb of ctx.ofType(...CLASSIC_LB_TYPES)) {
      const ports = tlsPorts(lb);
      if (ports === UNSEEN) continue;
      for (const port of ports) {
        const verdicts = bindings.map((b) => binds(b, lb, port));
        if (verdicts.includes(true) || verdicts.includes(undefined)) continue;
        out.push({
          urn: lb.urn,
          message: `Load balancer "${lb.name}" listener port ${port} has no SSL negotiation policy, so it uses ELBSecurityPolicy-2016-08 (TLS 1.0): add a ListenerPolicy for port ${port} naming a LoadBalancerPolicy with Reference-Security-Policy "ELBSecurityPolicy-TLS-1-2-2017-01".`,
        });
      }
    }
    return out;
  },
});
