import { LISTENER_TYPES } from "../../lib/elb";
import { resourcePolicy } from "../../lib/policy";
import { lower } from "../../lib/values";

/**
 * Allowed by prefix, so new dated policies of the same families pass: `ELBSecurityPolicy-TLS13-1-2-*`
 * (TLS 1.3 + 1.2, incl. Res, Ext, FIPS and PQ variants), `ELBSecurityPolicy-TLS13-1-3-*`,
 * `ELBSecurityPolicy-TLS-1-2-*` and `ELBSecurityPolicy-FS-1-2-*`. `sslPolicy` unset means
 * `ELBSecurityPolicy-2016-08` (TLS 1.0) for API-created listeners. Checkov CKV_AWS_103 accepts the same
 * families; Trivy AVD-AWS-0047 lists the outdated policies (it also flags the TLS13-1-2-Ext cipher variants,
 * which refuse TLS < 1.2 and pass here); Security Hub ELB.17 asks for a recommended policy. Matches every
 * alias of the listener type.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-17
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html
 */
export const lbListenerRequireModernTls = resourcePolicy({
  name: "aws-lb-listener-require-modern-tls",
  description:
    "HTTPS and TLS listeners must use a security policy that refuses TLS older than 1.2: TLS 1.0/1.1 have " +
    "known downgrade and cipher weaknesses and are deprecated by RFC 8996.",
  catalog: ["CKV_AWS_103", "AVD-AWS-0047", "FSBP ELB.17"],
  remediation:
    'Set sslPolicy to "ELBSecurityPolicy-TLS13-1-2-2021-06" (or another TLS 1.2+ policy) on HTTPS and TLS listeners.',
  types: LISTENER_TYPES,
  configSchema: {
    properties: {
      allowedPolicyPrefixes: {
        type: "array",
        items: { type: "string" },
        default: [
          "ELBSecurityPolicy-TLS13-1-2-",
          "ELBSecurityPolicy-TLS13-1-3-",
          "ELBSecurityPolicy-TLS-1-2-",
          "ELBSecurityPolicy-FS-1-2-",
        ],
        description: "sslPolicy name prefixes that only negotiate TLS 1.2 or newer.",
      },
    },
  },
  check: (props, ctx) => {
    const protocol = "protocol" in props ? lower(props.protocol) : undefined;
    if (protocol !== "https" && protocol !== "tls") return;
    const prefixes: string[] = Array.isArray(ctx.config.allowedPolicyPrefixes)
      ? ctx.config.allowedPolicyPrefixes
      : [];
    const policy = "sslPolicy" in props ? props.sslPolicy : undefined;
    if (typeof policy === "string" && prefixes.some((p) => policy.startsWith(p))) return;
    const current =
      typeof policy === "string" ? `"${policy}"` : 'unset (defaults to "ELBSecurityPolicy-2016-08")';
    return `Listener sslPolicy is ${current}, which allows TLS older than 1.2: use "ELBSecurityPolicy-TLS13-1-2-2021-06".`;
  },
});
