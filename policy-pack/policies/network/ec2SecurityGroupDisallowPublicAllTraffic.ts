import { describeRule, ruleCoversEverything } from "../../lib/network";
import { resourcePolicy } from "../../lib/policy";
import { SECURITY_GROUP_TYPES, securityGroupRules } from "../../lib/securityGroups";

/** @see https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html */
export const ec2SecurityGroupDisallowPublicAllTraffic = resourcePolicy({
  name: "aws-ec2-securitygroup-disallow-public-all-traffic",
  description:
    "Security groups must not admit all protocols or every port from the whole internet (0.0.0.0/0 or " +
    "::/0): every service on the instance, including ones nobody meant to expose, becomes reachable.",
  // CKV_AWS_277 is Checkov's "port -1" (all ports) variant of its unrestricted-ingress check.
  catalog: ["CKV_AWS_277"],
  remediation:
    "Set the rule's protocol and fromPort/toPort to the service's ports only, or narrow its cidrBlocks/cidrIpv4 to the sources that need them.",
  types: SECURITY_GROUP_TYPES,
  check: (props, ctx) =>
    securityGroupRules(ctx.type, props)
      .filter((r) => r.direction === "ingress" && r.worldCidrs.length > 0 && ruleCoversEverything(r))
      .map(
        (r) =>
          `Ingress ${r.where} (${describeRule(r)}) admits everything from ${r.worldCidrs.join(", ")}: allow only the ports the service needs, from the sources that need them.`,
      ),
});
