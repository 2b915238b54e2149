import { NETWORK_ACL_TYPES, describeRule, naclIngressEntries, ruleCoversEverything } from "../../lib/network";
import { resourcePolicy } from "../../lib/policy";

/**
 * Inline `ingress` blocks on a NetworkAcl or the VPC's DefaultNetworkAcl (`action`) and separate
 * NetworkAclRule resources (`ruleAction`, `egress` false or unset), IPv4 `cidrBlock` and IPv6
 * `ipv6CidrBlock`, protocol "-1"/"all" or a TCP/UDP range covering every port.
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/ec2/defaultnetworkacl/
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
 */
export const ec2NetworkAclDisallowPublicAllowAll = resourcePolicy({
  name: "aws-ec2-networkacl-disallow-public-allow-all",
  description:
    "Network ACLs must not allow all traffic (every protocol or every port) in from the whole internet: " +
    "the NACL is the subnet tier's second line of defence and must only admit the flows the tier serves.",
  catalog: ["CKV_AWS_352", "AVD-AWS-0102"],
  remediation:
    "Replace the allow entry from 0.0.0.0/0 or ::/0 with entries that allow only the tier's protocol and ports (or a narrower cidrBlock).",
  types: NETWORK_ACL_TYPES,
  check: (props, ctx) =>
    naclIngressEntries(ctx.type, props).flatMap((e) => {
      const world = [e.worldIpv4, e.worldIpv6].filter((c): c is string => c !== undefined);
      if (e.action !== "allow" || world.length === 0 || !ruleCoversEverything(e)) return [];
      return [
        `NACL ingress ${e.where} (${describeRule(e)}) allows everything from ${world.join(", ")}: allow only the tier's ports.`,
      ];
    }),
});
