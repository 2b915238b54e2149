import { describeRule, isAllProtocols } from "../../lib/network";
import { resourcePolicy } from "../../lib/policy";
import { SECURITY_GROUP_TYPES, securityGroupRules } from "../../lib/securityGroups";

/**
 * Advisory by default: AWS creates every security group with an allow-all egress rule, and much
 * hand-written code keeps it; the inference tier's real egress control is the network firewall allow-list.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
 */
export const ec2SecurityGroupDisallowUnrestrictedEgress = resourcePolicy({
  name: "aws-ec2-securitygroup-disallow-unrestricted-egress",
  description:
    "Security groups should not allow all protocols out to the whole internet (0.0.0.0/0 or ::/0): a " +
    "compromised workload could then exfiltrate model weights or prompts anywhere. Allow only the " +
    "destinations and ports needed (443 to VPC endpoints or the egress firewall).",
  enforcementLevel: "advisory",
  catalog: ["CKV_AWS_382", "AVD-AWS-0104"],
  remediation:
    'Replace the protocol "-1" egress rule to 0.0.0.0/0 or ::/0 with tcp 443 to the VPC endpoint or egress-firewall CIDRs.',
  types: SECURITY_GROUP_TYPES,
  check: (props, ctx) =>
    securityGroupRules(ctx.type, props)
      .filter((r) => r.direction === "egress" && r.worldCidrs.length > 0 && isAllProtocols(r.protocol))
      .map(
        (r) =>
          `Egress ${r.where} (${describeRule(r)}) allows everything to ${r.worldCidrs.join(", ")}: allow only the destinations and ports needed.`,
      ),
});
