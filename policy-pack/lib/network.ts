import { asList, asNumber, asObject, lower } from "./values";

/**
 * CIDR and port arithmetic for security-group and NACL rules.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
 */

/** A CIDR that matches every address: any IPv4 or IPv6 block with prefix length 0 (0.0.0.0/0, ::/0). */
export function isWorldCidr(cidr: unknown): boolean {
  if (typeof cidr !== "string") return false;
  const m = /^\s*([0-9a-fA-F:.]+)\s*\/\s*0+\s*$/.exec(cidr);
  return m !== null && (m[1]!.includes(".") || m[1]!.includes(":"));
}

/** The world CIDRs among a list (non-strings ignored). */
export function worldCidrs(cidrs: unknown): string[] {
  return Array.isArray(cidrs) ? cidrs.filter(isWorldCidr) : isWorldCidr(cidrs) ? [cidrs as string] : [];
}

/** "-1" and "all" mean every protocol (and then every port) in EC2 rules. */
export function isAllProtocols(protocol: unknown): boolean {
  const p = lower(typeof protocol === "number" ? String(protocol) : protocol);
  return p === "-1" || p === "all";
}

/** Protocols whose rules carry ports: TCP and UDP, by name or IANA number. */
function hasPorts(protocol: unknown): boolean {
  const p = lower(typeof protocol === "number" ? String(protocol) : protocol);
  return p === "tcp" || p === "udp" || p === "6" || p === "17";
}

export interface RuleShape {
  readonly protocol: unknown;
  readonly fromPort: unknown;
  readonly toPort: unknown;
}

/** Whether a rule admits traffic to `port` (TCP or UDP). A missing bound means that end is open. */
export function ruleCoversPort(rule: RuleShape, port: number): boolean {
  if (isAllProtocols(rule.protocol)) return true;
  if (!hasPorts(rule.protocol)) return false;
  const from = asNumber(rule.fromPort) ?? 0;
  const to = asNumber(rule.toPort) ?? 65535;
  // EC2 treats from 0 to 0 on TCP/UDP as invalid; -1 bounds are "all" for some tools.
  if (from === -1 && to === -1) return true;
  return from <= port && port <= to;
}

/** Whether a rule admits everything: all protocols, or the whole TCP/UDP port range. */
export function ruleCoversEverything(rule: RuleShape): boolean {
  if (isAllProtocols(rule.protocol)) return true;
  if (!hasPorts(rule.protocol)) return false;
  const from = asNumber(rule.fromPort) ?? 0;
  const to = asNumber(rule.toPort) ?? 65535;
  return (from <= 1 && to >= 65535) || (from === -1 && to === -1);
}

/** "tcp 20-25", "all traffic", for messages. */
export function describeRule(rule: RuleShape): string {
  if (isAllProtocols(rule.protocol)) return "all traffic";
  const from = asNumber(rule.fromPort);
  const to = asNumber(rule.toPort);
  const ports = from === to ? `${from}` : `${from}-${to}`;
  return `${String(rule.protocol)} ${ports}`;
}

export const NETWORK_ACL = "aws:ec2/networkAcl:NetworkAcl";
export const DEFAULT_NETWORK_ACL = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl";
export const NETWORK_ACL_RULE = "aws:ec2/networkAclRule:NetworkAclRule";
export const NETWORK_ACL_TYPES = [NETWORK_ACL, DEFAULT_NETWORK_ACL, NETWORK_ACL_RULE];

export interface NaclEntry extends RuleShape {
  /** `ingress[2]`, or "the rule" for a separate NetworkAclRule. */
  readonly where: string;
  /** "allow" or "deny" (lower-cased), or undefined when unset or not a string. */
  readonly action: string | undefined;
  /** The rule number (inline `ruleNo`, separate `ruleNumber`), when a number. */
  readonly ruleNo: number | undefined;
  /** The world CIDR the entry matches (0.0.0.0/0 or ::/0 spelled any way), per address family. */
  readonly worldIpv4: string | undefined;
  readonly worldIpv6: string | undefined;
}

function naclEntry(rule: Record<string, any>, where: string, action: unknown, ruleNo: unknown): NaclEntry {
  const v4 = "cidrBlock" in rule && isWorldCidr(rule.cidrBlock) ? (rule.cidrBlock as string) : undefined;
  const v6 =
    "ipv6CidrBlock" in rule && isWorldCidr(rule.ipv6CidrBlock) ? (rule.ipv6CidrBlock as string) : undefined;
  return {
    where,
    action: lower(action),
    ruleNo: asNumber(ruleNo),
    protocol: rule.protocol,
    fromPort: rule.fromPort,
    toPort: rule.toPort,
    worldIpv4: v4,
    worldIpv6: v6,
  };
}

/**
 * The ingress entries of a NetworkAcl or DefaultNetworkAcl (inline `ingress`, `action`, `ruleNo`) or of a
 * separate NetworkAclRule (`ruleAction`, `ruleNumber`; `egress` false or unset), in declaration order.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
 */
export function naclIngressEntries(type: string, props: Record<string, any>): NaclEntry[] {
  if (type === NETWORK_ACL || type === DEFAULT_NETWORK_ACL) {
    if (!("ingress" in props)) return [];
    return asList(props.ingress).flatMap((b, i) => {
      const rule = asObject(b);
      return rule ? [naclEntry(rule, `ingress[${i}]`, rule.action, rule.ruleNo)] : [];
    });
  }
  if (type === NETWORK_ACL_RULE && (!("egress" in props) || props.egress !== true))
    return [naclEntry(props, "the rule", props.ruleAction, props.ruleNumber)];
  return [];
}
