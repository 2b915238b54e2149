import { resourcePolicy } from "../../lib/policy";
import { CLASSIC_LB_TYPES, lbKind, lbLabel, LB_TYPES } from "../../lib/elb";
import { knownStrings, lower } from "../../lib/values";

/**
 * Desync mitigation modes, from weakest: `monitor` forwards every request (it only records ambiguous
 * ones), `defensive` (the default) blocks the most dangerous, `strictest` forwards only RFC 7230
 * compliant requests. Security Hub control ELB.12 and Checkov CKV_AWS_328 accept defensive or strictest;
 * prod asks strictest. Classic Load Balancers have the same setting with the same default (ELB.14; the
 * Checkov check covers them too); they have no loadBalancerType, so they are always judged. Every alias
 * of both types is matched.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/config-desync-mitigation-mode.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-14
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#desync-mitigation-mode
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-12
 */
export const lbLoadBalancerRequireDesyncMitigation = resourcePolicy({
  name: "aws-lb-loadbalancer-require-desync-mitigation",
  description:
    "Application and Classic Load Balancers must use a desync mitigation mode from allowedModes (default " +
    "defensive or strictest per Security Hub ELB.12, prod strictest only, unset means defensive): " +
    "monitor mode forwards ambiguous requests, which lets a client smuggle a second request past the " +
    "WAF to the gateway.",
  catalog: ["CKV_AWS_328", "FSBP ELB.12", "FSBP ELB.14"],
  remediation: 'Set desyncMitigationMode to "strictest" (or "defensive" where allowedModes permits it).',
  types: [...LB_TYPES, ...CLASSIC_LB_TYPES],
  configSchema: {
    properties: {
      allowedModes: {
        type: "array",
        items: { type: "string", enum: ["monitor", "defensive", "strictest"] },
        default: ["defensive", "strictest"],
        description: "desyncMitigationMode values accepted (lower-case).",
      },
    },
  },
  check: (props, { name, type, config }) => {
    if (!CLASSIC_LB_TYPES.includes(type) && lbKind(props) !== "application") return;
    const allowed = knownStrings(config.allowedModes).map((m) => m.toLowerCase());
    const written = "desyncMitigationMode" in props ? props.desyncMitigationMode : undefined;
    const mode = written === undefined || written === null ? "defensive" : lower(written);
    if (mode !== undefined && allowed.includes(mode)) return;
    const shown = written === undefined || written === null ? "unset (defensive)" : `"${String(written)}"`;
    return (
      `${lbLabel(name)} desyncMitigationMode is ${shown}: set it to ` +
      `${allowed.map((m) => `"${m}"`).join(" or ")}.`
    );
  },
});
