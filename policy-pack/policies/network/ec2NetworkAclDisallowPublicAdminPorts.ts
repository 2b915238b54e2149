import {
  NETWORK_ACL_RULE,
  NETWORK_ACL_TYPES,
  describeRule,
  naclIngressEntries,
  ruleCoversPort,
} from "../../lib/network";
import { resourcePolicy } from "../../lib/policy";

/**
 * NACL entries are evaluated in rule-number order and the first match wins, so on a NetworkAcl (or the
 * DefaultNetworkAcl) whose inline entries are all visible, a deny from the whole internet (per address
 * family) with a lower number than the allow protects the port, as Checkov's check also reads it. A
 * separate NetworkAclRule is judged on its own: the other entries of its ACL are not visible to it.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
 */
/**
 * The reply entry a NAT gateway's subnet needs: tcp to every port it translates to.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html (ports 1024-65535)
 */
const isNatReplyRange = (e: { protocol?: unknown; fromPort?: unknown; toPort?: unknown }) =>
  (e.protocol === "tcp" || e.protocol === "6" || e.protocol === 6) &&
  Number(e.fromPort) === 1024 &&
  Number(e.toPort) === 65535;

export const ec2NetworkAclDisallowPublicAdminPorts = resourcePolicy({
  name: "aws-ec2-networkacl-disallow-public-admin-ports",
  description:
    "Network ACLs must not allow administrative ports (SSH 22, RDP 3389 and the configured list) in from the " +
    "whole internet (0.0.0.0/0 or ::/0): the subnet tier's second line of defence must not be the one " +
    "that lets brute-force traffic through.",
  // CIS AWS Foundations v1.4.0 5.1 (mapped to AVD-AWS-0105 in Trivy's compliance spec).
  catalog: ["CKV_AWS_232", "CKV_AWS_231", "AVD-AWS-0105", "CIS AWS 5.1"],
  remediation:
    "Narrow the allow entry's cidrBlock/ipv6CidrBlock to a trusted range, or add a lower-numbered deny for the admin ports from 0.0.0.0/0 and ::/0.",
  types: NETWORK_ACL_TYPES,
  configSchema: {
    properties: {
      adminPorts: {
        type: "array",
        items: { type: "number" },
        default: [22, 3389],
        description: "Ports a NACL must never allow in from 0.0.0.0/0 or ::/0.",
      },
      natReplyAcls: {
        type: "array",
        items: { type: "string" },
        default: [],
        description:
          "Names of the NACL resources of subnets hosting NAT gateways: they must admit replies on every port a " +
          "NAT gateway translates to (tcp 1024-65535), admin ports included, so there that one entry is a " +
          "reviewed exception. Any other entry exposing an admin port is still a violation.",
      },
    },
  },
  check: (props, ctx) => {
    const ports: number[] = Array.isArray(ctx.config.adminPorts) ? ctx.config.adminPorts : [22, 3389];
    const natReplies =
      Array.isArray(ctx.config.natReplyAcls) &&
      ctx.type !== NETWORK_ACL_RULE &&
      ctx.config.natReplyAcls.includes(ctx.name);
    const entries = naclIngressEntries(ctx.type, props);
    // Inline entries in evaluation order (unnumbered ones last); a separate rule stands alone.
    const ordered =
      ctx.type === NETWORK_ACL_RULE
        ? entries
        : [...entries].sort((a, b) => (a.ruleNo ?? Infinity) - (b.ruleNo ?? Infinity));
    const exposed = new Map<(typeof entries)[number], { ports: number[]; cidrs: Set<string> }>();
    for (const port of ports)
      for (const family of ["worldIpv4", "worldIpv6"] as const) {
        const first = ordered.find(
          (e) =>
            e[family] !== undefined &&
            (e.action === "allow" || e.action === "deny") &&
            ruleCoversPort(e, port),
        );
        if (!first || first.action !== "allow") continue;
        if (natReplies && isNatReplyRange(first)) continue;
        const hit = exposed.get(first) ?? { ports: [], cidrs: new Set<string>() };
        if (!hit.ports.includes(port)) hit.ports.push(port);
        hit.cidrs.add(first[family]!);
        exposed.set(first, hit);
      }
    return entries.flatMap((e) => {
      const hit = exposed.get(e);
      if (!hit) return [];
      const s = hit.ports.length > 1 ? "s" : "";
      return [
        `NACL ingress ${e.where} (${describeRule(e)}) allows admin port${s} ${hit.ports.join(", ")} from ${[...hit.cidrs].join(", ")}: narrow the source CIDR or deny the port${s} first.`,
      ];
    });
  },
});
