import { describeRule, isWorldCidr, ruleCoversEverything } from "../../lib/network";
import { resourcePolicy } from "../../lib/policy";
import { asList, asObject, lower } from "../../lib/values";

const NACL = "aws:ec2/networkAcl:NetworkAcl";
const DEFAULT_NACL = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl";
const NACL_RULE = "aws:ec2/networkAclRule:NetworkAclRule";

/**
 * Inline `ingress` blocks on a NetworkAcl or the VPC's DefaultNetworkAcl (`action`) and separate
 * NetworkAclRule resources (`ruleAction`, `egress` false or unset), IPv4 `cidrBlock` and IPv6
 * `ipv6CidrBlock`, protocol "-1"/"all" or a TCP/UDP range covering every port.
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/ec2/defaultnetworkacl/
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
 */
export const ec2NetworkAclDisallowPublicAllowAll = resourcePolicy({
  name: "aws-ec2-networkacl-disallow-public-allow-all",
  description:
    "Network ACLs must not allow all traffic (every protocol or every port) in from the whole internet: " +
    "the NACL is the subnet tier's second line of defence and must only admit the flows the tier serves.",
  catalog: ["CKV_AWS_352", "AVD-AWS-0102"],
  remediation:
    "Replace the allow entry from 0.0.0.0/0 or ::/0 with entries that allow only the tier's protocol and ports (or a narrower cidrBlock).",
  types: [NACL, DEFAULT_NACL, NACL_RULE],
  check: (props, ctx) => {
    const entries: { where: string; rule: Record<string, any>; action: unknown }[] = [];
    if (ctx.type === NACL || ctx.type === DEFAULT_NACL) {
      if ("ingress" in props)
        asList(props.ingress).forEach((b, i) => {
          const rule = asObject(b);
          if (rule) entries.push({ where: `ingress[${i}]`, rule, action: rule.action });
        });
    } else if (!("egress" in props) || props.egress !== true) {
      entries.push({ where: "the rule", rule: props, action: props.ruleAction });
    }
    return entries.flatMap(({ where, rule, action }) => {
      if (lower(action) !== "allow") return [];
      const world = [
        ...("cidrBlock" in rule && isWorldCidr(rule.cidrBlock) ? [rule.cidrBlock as string] : []),
        ...("ipv6CidrBlock" in rule && isWorldCidr(rule.ipv6CidrBlock) ? [rule.ipv6CidrBlock as string] : []),
      ];
      const shape = { protocol: rule.protocol, fromPort: rule.fromPort, toPort: rule.toPort };
      if (world.length === 0 || !ruleCoversEverything(shape)) return [];
      return [
        `NACL ingress ${where} (${describeRule(shape)}) allows everything from ${world.join(", ")}: allow only the tier's ports.`,
      ];
    });
  },
});
