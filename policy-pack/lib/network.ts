import { asNumber, lower } from "./values";

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
