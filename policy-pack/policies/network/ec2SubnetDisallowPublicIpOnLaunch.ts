import { resourcePolicy } from "../../lib/policy";

/**
 * No exception for the ingress tier: it holds only load balancers and NAT, which get their addresses
 * explicitly, never instances that would need one on launch.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/modify-subnets.html
 */
export const ec2SubnetDisallowPublicIpOnLaunch = resourcePolicy({
  name: "aws-ec2-subnet-disallow-public-ip-on-launch",
  description:
    "Subnets must not give instances a public IP on launch: any instance started there (a GPU node, a debug " +
    "box) becomes directly addressable from the internet. Public traffic enters only through the ingress " +
    "tier's load balancers.",
  types: ["aws:ec2/subnet:Subnet"],
  check: (props) => {
    if (props.mapPublicIpOnLaunch === true)
      return "Subnet assigns public IPs on launch: set mapPublicIpOnLaunch: false.";
  },
});
