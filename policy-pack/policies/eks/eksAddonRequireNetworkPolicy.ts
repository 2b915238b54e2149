import { parse } from "yaml";
import { resourcePolicy } from "../../lib/policy";
import { asObject } from "../../lib/values";

const VPC_CNI = "vpc-cni";

/**
 * An add-on's `configurationValues` as EKS reads it: a JSON string, or YAML (EKS accepts both). The
 * object, or a message naming the property when it does not parse to one.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/eks-add-ons.html
 */
function readConfigurationValues(raw: unknown): Record<string, any> | string {
  if (typeof raw !== "string") {
    const obj = asObject(raw);
    return obj ?? "configurationValues is not a JSON or YAML object";
  }
  let parsed: unknown;
  try {
    parsed = parse(raw);
  } catch {
    return "configurationValues is neither valid JSON nor YAML";
  }
  return asObject(parsed) ?? "configurationValues is not a JSON or YAML object";
}

/**
 * The VPC CNI enforces Kubernetes NetworkPolicies only when its network policy agent is on
 * (`enableNetworkPolicy: "true"` in the add-on's configuration values); off, which is its default, every
 * NetworkPolicy the cluster holds is accepted by the API server and silently ignored, so the namespace
 * isolation the platform relies on does not exist. Clusters that enforce NetworkPolicies with another
 * engine (Calico, Cilium) set `requireVpcCniEnforcement` to false.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html
 * @see https://aws.amazon.com/blogs/containers/amazon-vpc-cni-now-supports-kubernetes-network-policies/
 */
export const eksAddonRequireNetworkPolicy = resourcePolicy({
  name: "aws-eks-addon-require-network-policy",
  description:
    'The EKS vpc-cni add-on must enforce Kubernetes NetworkPolicies (configurationValues enableNetworkPolicy "true"; ' +
    "the default is off): without the network policy agent every NetworkPolicy is accepted and ignored, and " +
    "any pod can reach any other.",
  catalog: ["CIS EKS 4.3.1", "CIS EKS 5.4.4", "NSA-CISA Use CNI plugin that supports NetworkPolicy API"],
  remediation:
    'Set the vpc-cni add-on\'s configurationValues to JSON (or YAML) with enableNetworkPolicy: "true".',
  types: ["aws:eks/addon:Addon"],
  configSchema: {
    properties: {
      requireVpcCniEnforcement: {
        type: "boolean",
        default: true,
        description: "Set false when another engine (Calico, Cilium) enforces the cluster's NetworkPolicies.",
      },
    },
  },
  check: (props, ctx) => {
    if (ctx.config.requireVpcCniEnforcement === false) return;
    if (!("addonName" in props) || props.addonName !== VPC_CNI) return;
    if (!("configurationValues" in props) || props.configurationValues === undefined)
      return 'vpc-cni add-on has no configurationValues, so network policy enforcement is off (its default): set configurationValues to JSON with enableNetworkPolicy: "true".';
    const config = readConfigurationValues(props.configurationValues);
    if (typeof config === "string")
      return `vpc-cni add-on ${config}: set configurationValues to JSON with enableNetworkPolicy: "true".`;
    const v = "enableNetworkPolicy" in config ? config.enableNetworkPolicy : undefined;
    if (v === true || (typeof v === "string" && v.trim().toLowerCase() === "true")) return;
    const shown = v === undefined ? "unset (off by default)" : JSON.stringify(v);
    return `vpc-cni add-on enableNetworkPolicy is ${shown}: NetworkPolicies are not enforced; set enableNetworkPolicy: "true" in configurationValues.`;
  },
});
