import { resourcePolicy } from "../../lib/policy";

const DEFAULT_SUBNET = "aws:ec2/defaultSubnet:DefaultSubnet";

/**
 * No exception for the ingress tier: it holds only load balancers and NAT, which get their addresses
 * explicitly, never instances that would need one on launch. A subnet's `mapPublicIpOnLaunch` defaults to
 * false, but a default subnet's (aws.ec2.DefaultSubnet) defaults to true, so there an unset flag is flagged.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/modify-subnets.html
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/default-subnet.html
 */
export const ec2SubnetDisallowPublicIpOnLaunch = resourcePolicy({
  name: "aws-ec2-subnet-disallow-public-ip-on-launch",
  description:
    "Subnets must not give instances a public IP on launch: any instance started there (a GPU node, a debug " +
    "box) becomes directly addressable from the internet. Public traffic enters only through the ingress " +
    "tier's load balancers.",
  catalog: ["CKV_AWS_130", "AVD-AWS-0164"],
  remediation: "Set mapPublicIpOnLaunch to false.",
  types: ["aws:ec2/subnet:Subnet", DEFAULT_SUBNET],
  check: (props, { type }) => {
    const set = "mapPublicIpOnLaunch" in props;
    if (set ? props.mapPublicIpOnLaunch === true : type === DEFAULT_SUBNET)
      return set
        ? "Subnet assigns public IPs on launch: set mapPublicIpOnLaunch: false."
        : "Default subnet assigns public IPs on launch by default: set mapPublicIpOnLaunch: false.";
  },
});
