import { resourcePolicy } from "../../lib/policy";
import { asList, asObject, isTrue } from "../../lib/values";

/**
 * An instance asks for a public IPv4 address with `associatePublicIpAddress: true` (Instance, a boolean) or
 * through a launch template's `networkInterfaces[].associatePublicIpAddress` (a string, "true"/"false").
 * Unset leaves it to the subnet's `mapPublicIpOnLaunch`, which aws-ec2-subnet-disallow-public-ip-on-launch
 * covers.
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html#concepts-public-addresses
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/ec2/launchtemplate/#launchtemplatenetworkinterface
 */
export const ec2InstanceDisallowPublicIp = resourcePolicy({
  name: "aws-ec2-instance-disallow-public-ip",
  description:
    "EC2 instances and launch templates must not associate a public IP address: the instance becomes " +
    "directly reachable from the internet, bypassing the ingress tier's load balancers and WAF.",
  types: ["aws:ec2/instance:Instance", "aws:ec2/launchTemplate:LaunchTemplate"],
  check: (props, { type }) => {
    if (type === "aws:ec2/instance:Instance") {
      if ("associatePublicIpAddress" in props && isTrue(props.associatePublicIpAddress))
        return "Instance gets a public IP address: set associatePublicIpAddress: false.";
      return;
    }
    if (!("networkInterfaces" in props)) return;
    return asList(props.networkInterfaces).flatMap((ni, i) => {
      const o = asObject(ni);
      return o && "associatePublicIpAddress" in o && isTrue(o.associatePublicIpAddress)
        ? [`networkInterfaces[${i}] associates a public IP address: set associatePublicIpAddress: "false".`]
        : [];
    });
  },
});
