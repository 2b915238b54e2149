import { resourcePolicy } from "../../lib/policy";

/**
 * Launch configurations are deprecated: AWS stopped adding instance types and features to them (no
 * IMDSv2 default, no newer instance families) and recommends launch templates, which are also what the
 * other EC2 policies here read best. Advisory: an existing group keeps working.
 * @see https://docs.aws.amazon.com/autoscaling/ec2/userguide/launch-configurations.html
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/autoscaling/group/
 */
export const autoscalingGroupDisallowLaunchConfiguration = resourcePolicy({
  name: "aws-autoscaling-group-disallow-launch-configuration",
  description:
    "Auto Scaling groups should launch from a launch template, not a deprecated launch configuration: " +
    "launch configurations get no new instance types or metadata-service settings, so hardening lags.",
  enforcementLevel: "advisory",
  catalog: ["CKV_AWS_315"],
  remediation:
    "Replace launchConfiguration with launchTemplate (or mixedInstancesPolicy.launchTemplate) built from an aws.ec2.LaunchTemplate.",
  types: ["aws:autoscaling/group:Group"],
  check: (props) => {
    if (!("launchConfiguration" in props)) return;
    const lc: unknown = props.launchConfiguration;
    if (typeof lc === "string" ? lc.trim() === "" : lc === undefined || lc === null) return;
    return "Auto Scaling group uses a launch configuration: set launchTemplate (an aws.ec2.LaunchTemplate) instead of launchConfiguration.";
  },
});
