import {
  INSTANCE,
  LAUNCH_CONFIGURATION,
  LAUNCH_TEMPLATE,
  SPOT_INSTANCE_REQUEST,
  kindName,
} from "../../lib/ec2";
import { resourcePolicy } from "../../lib/policy";
import { asList, asObject, isTrue } from "../../lib/values";

/**
 * An instance asks for a public IPv4 address with `associatePublicIpAddress: true` (Instance, the deprecated
 * LaunchConfiguration and SpotInstanceRequest: a boolean) or through a launch template's `networkInterfaces[].associatePublicIpAddress` (a string, "true"/"false").
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
  // CKV_AWS_88: instances and launch templates; CKV_AWS_389 and AVD-AWS-0009: launch configurations.
  catalog: ["CKV_AWS_88", "CKV_AWS_389", "AVD-AWS-0009"],
  remediation:
    'Set associatePublicIpAddress to false (on launch templates, networkInterfaces[].associatePublicIpAddress to "false").',
  types: [INSTANCE, LAUNCH_TEMPLATE, LAUNCH_CONFIGURATION, SPOT_INSTANCE_REQUEST],
  check: (props, { type }) => {
    if (type !== LAUNCH_TEMPLATE) {
      if ("associatePublicIpAddress" in props && isTrue(props.associatePublicIpAddress))
        return `${kindName(type)} gets a public IP address: set associatePublicIpAddress: false.`;
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
