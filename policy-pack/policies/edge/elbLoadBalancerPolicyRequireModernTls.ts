import { CLASSIC_LB_POLICY_TYPES, CLASSIC_SSL_NEGOTIATION_POLICY_TYPES } from "../../lib/elb";
import { resourcePolicy } from "../../lib/policy";
import { asList, asObject, knownStrings, lower } from "../../lib/values";

/** Protocol attributes of an SSL negotiation policy that enable versions older than TLS 1.2. */
const OLD_PROTOCOLS = ["Protocol-SSLv2", "Protocol-SSLv3", "Protocol-TLSv1", "Protocol-TLSv1.1"];

/**
 * A Classic Load Balancer's SSL negotiation policy is a `LoadBalancerPolicy` of type
 * `SSLNegotiationPolicyType` (`policyAttributes`) or an `SslNegotiationPolicy` (`attributes`), both lists
 * of `{ name, value }`. It either names a predefined policy (`Reference-Security-Policy`) or lists
 * protocols and ciphers itself. Predefined policies older than `ELBSecurityPolicy-TLS-1-2-2017-01` allow
 * TLS 1.0 (and 1.1); the protocol attributes `Protocol-SSLv3`, `Protocol-TLSv1`, `Protocol-TLSv1.1` set
 * to "true" do the same. Allowed references are matched by prefix (allowedPolicyPrefixes), so dated
 * successors of the TLS 1.2 family pass. Checkov CKV_AWS_213 is the same check; Security Hub ELB.8 asks
 * SSL listeners for a strong predefined policy. Both type tokens of both resources are matched.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-security-policy-table.html
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/elb/loadbalancerpolicy/
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-8
 */
export const elbLoadBalancerPolicyRequireModernTls = resourcePolicy({
  name: "aws-elb-loadbalancerpolicy-require-modern-tls",
  description:
    "Classic Load Balancer SSL negotiation policies must refuse TLS older than 1.2 (Reference-Security-Policy " +
    "ELBSecurityPolicy-TLS-1-2-2017-01 or newer, no Protocol-SSLv3, Protocol-TLSv1 or Protocol-TLSv1.1): " +
    "older protocols have known downgrade and cipher weaknesses and are deprecated by RFC 8996.",
  catalog: ["CKV_AWS_213", "FSBP ELB.8"],
  remediation:
    'Set the Reference-Security-Policy attribute to "ELBSecurityPolicy-TLS-1-2-2017-01" and remove Protocol-SSLv3, Protocol-TLSv1 and Protocol-TLSv1.1 (or set them to "false").',
  types: [...CLASSIC_LB_POLICY_TYPES, ...CLASSIC_SSL_NEGOTIATION_POLICY_TYPES],
  configSchema: {
    properties: {
      allowedPolicyPrefixes: {
        type: "array",
        items: { type: "string" },
        default: ["ELBSecurityPolicy-TLS-1-2-"],
        description: "Reference-Security-Policy name prefixes that only negotiate TLS 1.2 or newer.",
      },
    },
  },
  check: (props, { type, name, config }) => {
    const negotiation = CLASSIC_SSL_NEGOTIATION_POLICY_TYPES.includes(type);
    if (!negotiation) {
      const kind = "policyTypeName" in props ? lower(props.policyTypeName) : undefined;
      if (kind !== "sslnegotiationpolicytype") return; // proxy-protocol, stickiness... policies
    }
    const key = negotiation ? "attributes" : "policyAttributes";
    const attributes = (key in props ? asList(props[key]) : []).map(asObject);
    const label = `Load balancer SSL policy "${name}"`;
    const out: string[] = [];
    const prefixes = knownStrings(config.allowedPolicyPrefixes);
    for (const a of attributes) {
      if (!a || typeof a.name !== "string") continue;
      if (a.name === "Reference-Security-Policy") {
        const value = typeof a.value === "string" ? a.value : "";
        if (!prefixes.some((p) => value.startsWith(p)))
          out.push(
            `${label} references "${value}", which allows TLS older than 1.2: set Reference-Security-Policy to "ELBSecurityPolicy-TLS-1-2-2017-01".`,
          );
      } else if (OLD_PROTOCOLS.includes(a.name) && lower(a.value) === "true")
        out.push(`${label} enables ${a.name}: remove it (or set it to "false").`);
    }
    return out;
  },
});
