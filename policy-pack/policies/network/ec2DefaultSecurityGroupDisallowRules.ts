import { resourcePolicy } from "../../lib/policy";
import { asList } from "../../lib/values";

/**
 * Managing the default security group with no `ingress`/`egress` is the documented way to strip its rules.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-2
 */
export const ec2DefaultSecurityGroupDisallowRules = resourcePolicy({
  name: "aws-ec2-defaultsecuritygroup-disallow-rules",
  description:
    "A VPC's default security group must have no rules: resources launched without an explicit group land in " +
    "it, and any rule there silently applies to them.",
  catalog: ["CKV2_AWS_12", "AVD-AWS-0173", "CIS AWS 5.3"],
  remediation:
    "Set ingress and egress to [] on the aws.ec2.DefaultSecurityGroup so the default group has no rules.",
  types: ["aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"],
  check: (props) => {
    const out: string[] = [];
    for (const dir of ["ingress", "egress"] as const) {
      const n = dir in props ? asList(props[dir]).length : 0;
      if (n > 0)
        out.push(
          `The default security group has ${n} ${dir} rule${n > 1 ? "s" : ""}: remove them (set ${dir}: []).`,
        );
    }
    return out;
  },
});
