import type { Props } from "./policy";
import { asList, asObject } from "./values";
import { worldCidrs, type RuleShape } from "./network";

/**
 * Security-group rules in every form the AWS provider accepts, normalised to one shape:
 * inline `ingress`/`egress` blocks on `aws:ec2/securityGroup:SecurityGroup`, the older
 * `aws:ec2/securityGroupRule:SecurityGroupRule` (`type`: ingress|egress), and the current
 * `aws:vpc/securityGroupIngressRule` / `aws:vpc/securityGroupEgressRule` (one CIDR each, `ipProtocol`).
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/vpc/securitygroupingressrule/
 */

export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
export const SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
export const VPC_INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
export const VPC_EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
export const SECURITY_GROUP_TYPES = [SECURITY_GROUP, SECURITY_GROUP_RULE, VPC_INGRESS_RULE, VPC_EGRESS_RULE];

export interface SgRule extends RuleShape {
  readonly direction: "ingress" | "egress";
  /** Where the rule sits, for messages: `ingress[0]`, or "the rule". */
  readonly where: string;
  /** The world CIDRs (0.0.0.0/0, ::/0) the rule admits. */
  readonly worldCidrs: string[];
}

function fromBlock(block: unknown, direction: "ingress" | "egress", where: string): SgRule[] {
  const b = asObject(block);
  if (!b) return [];
  const world = [
    ...("cidrBlocks" in b ? worldCidrs(b.cidrBlocks) : []),
    ...("ipv6CidrBlocks" in b ? worldCidrs(b.ipv6CidrBlocks) : []),
  ];
  return [
    { direction, where, protocol: b.protocol, fromPort: b.fromPort, toPort: b.toPort, worldCidrs: world },
  ];
}

/** The rules a resource of one of SECURITY_GROUP_TYPES declares. */
export function securityGroupRules(type: string, props: Props): SgRule[] {
  switch (type) {
    case SECURITY_GROUP:
    case "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup":
      return (["ingress", "egress"] as const).flatMap((dir) =>
        dir in props ? asList(props[dir]).flatMap((b, i) => fromBlock(b, dir, `${dir}[${i}]`)) : [],
      );
    case SECURITY_GROUP_RULE: {
      const dir = props.type === "egress" ? "egress" : props.type === "ingress" ? "ingress" : undefined;
      return dir ? fromBlock(props, dir, "the rule") : [];
    }
    case VPC_INGRESS_RULE:
    case VPC_EGRESS_RULE: {
      const direction = type === VPC_INGRESS_RULE ? "ingress" : "egress";
      const world = [
        ...("cidrIpv4" in props ? worldCidrs(props.cidrIpv4) : []),
        ...("cidrIpv6" in props ? worldCidrs(props.cidrIpv6) : []),
      ];
      return [
        {
          direction,
          where: "the rule",
          protocol: props.ipProtocol,
          fromPort: "fromPort" in props ? props.fromPort : undefined,
          toPort: "toPort" in props ? props.toPort : undefined,
          worldCidrs: world,
        },
      ];
    }
    default:
      return [];
  }
}
