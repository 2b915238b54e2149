import { resourcePolicy } from "../../lib/policy";

/**
 * `aws.ec2.DefaultVpc` adopts the account's default VPC into the stack, nearly always to run something in
 * it. The default VPC was built for convenience: every subnet public with `mapPublicIpOnLaunch` on, a
 * route to an internet gateway, no tiering, no flow logs. Workloads belong in a VPC planned for them
 * (components/network SegmentedVpc). Managing the default VPC's own security group and NACL to strip them
 * (DefaultSecurityGroup, DefaultNetworkAcl) is a different thing and is encouraged.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/ec2/defaultvpc/
 */
export const ec2DefaultVpcDisallowUse = resourcePolicy({
  name: "aws-ec2-defaultvpc-disallow-use",
  description:
    "Stacks must not adopt the account's default VPC (aws.ec2.DefaultVpc): its subnets are public and give " +
    "instances public IPs, with a route to the internet and no tiering, so anything placed there is exposed.",
  catalog: ["CKV_AWS_148", "AVD-AWS-0101"],
  remediation:
    "Remove the aws.ec2.DefaultVpc resource and place workloads in a purpose-built VPC with private subnets.",
  types: ["aws:ec2/defaultVpc:DefaultVpc"],
  check: () =>
    "The stack adopts the account's default VPC: remove the aws.ec2.DefaultVpc and use a purpose-built VPC with private subnets.",
});
