/**
 * Security-group rules in every form the AWS provider writes them: inline `ingress`/`egress` on
 * aws:ec2/securityGroup (and DefaultSecurityGroup), aws:ec2/securityGroupRule, and the one-rule-per-resource
 * aws:vpc/securityGroupIngressRule / SecurityGroupEgressRule.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
 */
import { parseCidr, type Cidr } from "./ip";
import { isObject, num, objs, props, protocolOf, str, strs, urnName, type Props } from "./props";
import type { ExportResource } from "./types";

export type SgPeer =
  | { readonly kind: "cidr"; readonly cidr: Cidr }
  | { readonly kind: "sg"; readonly id: string }
  | { readonly kind: "prefixList"; readonly id: string }
  /** IPv6 peers never match the IPv4 flows we evaluate. */
  | { readonly kind: "ipv6" };

export interface SgRule {
  readonly egress: boolean;
  readonly protocol: "all" | "tcp" | "udp" | "icmp" | "other";
  readonly from: number;
  readonly to: number;
  readonly peer: SgPeer;
  /** Where the rule is written, for the verdict: the rule resource's name or `<group> inline`. */
  readonly source: string;
}

export interface SecurityGroup {
  readonly id: string;
  name: string;
  readonly rules: SgRule[];
  /** False for a group only referenced (created outside the export, e.g. by EKS). */
  declared: boolean;
  /** Set when the rules are modelled from documentation rather than read from the export. */
  modelled?: string;
}

function ruleBase(protocol: unknown, from: unknown, to: unknown) {
  const proto = protocolOf(protocol) ?? "other";
  if (proto === "all") return { protocol: proto, from: 0, to: 65535 };
  return { protocol: proto, from: num(from) ?? 0, to: num(to) ?? 65535 };
}

function cidrPeers(blocks: string[], problems: string[], where: string): SgPeer[] {
  const out: SgPeer[] = [];
  for (const b of blocks) {
    const c = parseCidr(b);
    if (c) out.push({ kind: "cidr", cidr: c });
    else problems.push(`${where}: unreadable CIDR ${b}`);
  }
  return out;
}

/** Every security group the export declares or references, with every rule it carries. */
export function readSecurityGroups(
  resources: readonly ExportResource[],
  names: Map<string, string>,
  problems: string[],
): SecurityGroup[] {
  const groups = new Map<string, SecurityGroup>();
  const group = (id: string): SecurityGroup => {
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { id, name: names.get(id) ?? id, rules: [], declared: false }));
    return g;
  };
  const add = (
    g: SecurityGroup,
    egress: boolean,
    base: ReturnType<typeof ruleBase>,
    peers: SgPeer[],
    source: string,
  ) => {
    for (const peer of peers) g.rules.push({ egress, ...base, peer, source });
  };

  for (const r of resources) {
    const p = props(r);
    const name = urnName(r.urn);
    if (
      r.type === "aws:ec2/securityGroup:SecurityGroup" ||
      r.type === "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
    ) {
      const id = str(r.id);
      if (!id) continue;
      const g = group(id);
      g.declared = true;
      g.name = name;
      for (const [key, egress] of [
        ["ingress", false],
        ["egress", true],
      ] as const) {
        for (const rule of objs(p[key])) {
          const peers: SgPeer[] = [
            ...cidrPeers(strs(rule.cidrBlocks), problems, name),
            ...strs(rule.ipv6CidrBlocks).map((): SgPeer => ({ kind: "ipv6" })),
            ...strs(rule.prefixListIds).map((pl): SgPeer => ({ kind: "prefixList", id: pl })),
            ...strs(rule.securityGroups).map((sg): SgPeer => ({ kind: "sg", id: sg })),
            ...(rule.self === true ? [{ kind: "sg", id } as SgPeer] : []),
          ];
          add(g, egress, ruleBase(rule.protocol, rule.fromPort, rule.toPort), peers, `${name} inline ${key}`);
        }
      }
    } else if (r.type === "aws:ec2/securityGroupRule:SecurityGroupRule") {
      const sgId = str(p.securityGroupId);
      const type = str(p.type);
      if (!sgId || (type !== "ingress" && type !== "egress")) {
        problems.push(`${name}: security group rule without a group or a type`);
        continue;
      }
      const peers: SgPeer[] = [
        ...cidrPeers(strs(p.cidrBlocks), problems, name),
        ...strs(p.ipv6CidrBlocks).map((): SgPeer => ({ kind: "ipv6" })),
        ...strs(p.prefixListIds).map((pl): SgPeer => ({ kind: "prefixList", id: pl })),
        ...(str(p.sourceSecurityGroupId)
          ? [{ kind: "sg", id: str(p.sourceSecurityGroupId)! } as SgPeer]
          : []),
        ...(p.self === true ? [{ kind: "sg", id: sgId } as SgPeer] : []),
      ];
      add(group(sgId), type === "egress", ruleBase(p.protocol, p.fromPort, p.toPort), peers, name);
    } else if (
      r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" ||
      r.type === "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
    ) {
      const sgId = str(p.securityGroupId);
      if (!sgId) {
        problems.push(`${name}: security group rule without a group`);
        continue;
      }
      const peers: SgPeer[] = [
        ...cidrPeers(str(p.cidrIpv4) ? [str(p.cidrIpv4)!] : [], problems, name),
        ...(str(p.cidrIpv6) ? [{ kind: "ipv6" } as SgPeer] : []),
        ...(str(p.prefixListId) ? [{ kind: "prefixList", id: str(p.prefixListId)! } as SgPeer] : []),
        ...(str(p.referencedSecurityGroupId)
          ? [{ kind: "sg", id: str(p.referencedSecurityGroupId)! } as SgPeer]
          : []),
      ];
      if (peers.length === 0) problems.push(`${name}: security group rule names no peer`);
      const egress = r.type.endsWith("EgressRule");
      add(group(sgId), egress, ruleBase(p.ipProtocol, p.fromPort, p.toPort), peers, name);
    }
  }
  return [...groups.values()];
}

/** Customer-managed prefix lists the export declares: id → CIDRs. */
export function readPrefixLists(resources: readonly ExportResource[]): Map<string, Cidr[]> {
  const out = new Map<string, Cidr[]>();
  for (const r of resources) {
    if (r.type !== "aws:ec2/managedPrefixList:ManagedPrefixList") continue;
    const p: Props = props(r);
    const id = str(r.id);
    if (!id) continue;
    const cidrs = objs(p.entries)
      .map((e) => (isObject(e) ? parseCidr(str(e.cidr) ?? "") : undefined))
      .filter((c): c is Cidr => c !== undefined);
    out.set(id, cidrs);
  }
  return out;
}
