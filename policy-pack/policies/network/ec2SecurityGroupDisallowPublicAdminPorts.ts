import { describeRule, ruleCoversPort } from "../../lib/network";
import { resourcePolicy } from "../../lib/policy";
import { SECURITY_GROUP_TYPES, securityGroupRules } from "../../lib/securityGroups";

/**
 * Covers inline rules, `SecurityGroupRule` and `vpc.SecurityGroupIngressRule`, IPv4 and IPv6, single
 * ports, ranges that include an admin port, and "all protocols" (-1).
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-13
 */
export const ec2SecurityGroupDisallowPublicAdminPorts = resourcePolicy({
  name: "aws-ec2-securitygroup-disallow-public-admin-ports",
  description:
    "Security groups must not open administrative ports (SSH 22, RDP 3389 and the configured list) to the " +
    "whole internet (0.0.0.0/0 or ::/0): they are scanned and brute-forced within minutes of exposure. " +
    "Use SSM Session Manager or a bastion reached through a narrow CIDR.",
  // CIS AWS Foundations v1.4.0 5.2: no security group admits 0.0.0.0/0 to remote administration ports.
  catalog: ["CKV_AWS_24", "CKV_AWS_25", "AVD-AWS-0107", "CIS AWS 5.2"],
  remediation:
    "Narrow the rule's cidrBlocks/ipv6CidrBlocks (cidrIpv4/cidrIpv6) to a trusted range, or remove the admin-port rule and use SSM Session Manager.",
  types: SECURITY_GROUP_TYPES,
  configSchema: {
    properties: {
      adminPorts: {
        type: "array",
        items: { type: "number" },
        default: [22, 3389],
        description: "Ports that must never be reachable from 0.0.0.0/0 or ::/0.",
      },
    },
  },
  check: (props, ctx) => {
    const ports: number[] = Array.isArray(ctx.config.adminPorts) ? ctx.config.adminPorts : [22, 3389];
    return securityGroupRules(ctx.type, props)
      .filter((r) => r.direction === "ingress" && r.worldCidrs.length > 0)
      .flatMap((r) => {
        const hit = ports.filter((p) => ruleCoversPort(r, p));
        if (hit.length === 0) return [];
        return [
          `Ingress ${r.where} (${describeRule(r)}) opens admin port${hit.length > 1 ? "s" : ""} ${hit.join(", ")} to ${r.worldCidrs.join(", ")}: restrict the source CIDR or use SSM Session Manager.`,
        ];
      });
  },
});
