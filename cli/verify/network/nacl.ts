/**
 * Network ACL evaluation: stateless, rules in ascending rule-number order, the first rule that matches a
 * packet decides, and a packet no rule matches is denied (the `*` rule). Port ranges match the packet's
 * destination port, in both directions. The evaluator takes a set of destination ports (a reply goes to
 * any of the client's ephemeral ports) and splits it by the rule that decides each part.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
 */
import { cidrMatch, type Addr } from "./addr";
import { formatPorts, intersect, subtract, type PortRange } from "./ip";
import type { Nacl, NaclEntry } from "./topology";
import type { Protocol } from "./types";

export interface NaclOutcome {
  readonly allowed: PortRange[];
  readonly denied: PortRange[];
  /** Ports decided by a rule whose block covers only part of the peer's addresses. */
  readonly undecided: PortRange[];
  /** The rules that decided, in order, as readable text. */
  readonly rules: string[];
}

export function entryText(e: NaclEntry): string {
  const ports = e.protocol === "all" ? "all ports" : `${e.from}-${e.to}`;
  return `rule ${e.ruleNo} ${e.allow ? "allow" : "deny"} ${e.protocol} ${ports} ${e.cidr?.text ?? "(IPv6)"}`;
}

/**
 * @param egress  outbound rules (the packet leaves the subnet) or inbound rules
 * @param peer    the other end of the packet (its destination when outbound, its source when inbound)
 * @param ports   the packet's destination ports
 */
export function evaluateNacl(
  nacl: Nacl,
  egress: boolean,
  protocol: Protocol,
  peer: Addr,
  ports: readonly PortRange[],
): NaclOutcome {
  const out: NaclOutcome = { allowed: [], denied: [], undecided: [], rules: [] };
  if (nacl.implicitDefault) {
    // https://docs.aws.amazon.com/vpc/latest/userguide/default-network-acl.html: rule 100 allows all.
    out.allowed.push(...ports);
    out.rules.push("rule 100 allow all (the VPC's default NACL, not managed in the export)");
    return out;
  }
  const entries = [...nacl.entries.values()]
    .filter((e) => e.egress === egress)
    .sort((a, b) => a.ruleNo - b.ruleNo);
  let remaining: PortRange[] = [...ports];
  for (const e of entries) {
    if (remaining.length === 0) break;
    if (e.protocol !== "all" && e.protocol !== protocol) continue;
    if (!e.cidr) continue;
    const m = cidrMatch(e.cidr, peer);
    if (m === "none") continue;
    const range: PortRange = e.protocol === "all" ? { from: 0, to: 65535 } : { from: e.from, to: e.to };
    const hit = intersect(remaining, range);
    if (hit.length === 0) continue;
    remaining = subtract(remaining, range);
    if (m === "some") {
      out.undecided.push(...hit);
      out.rules.push(
        `${entryText(e)} covers only part of ${peer.kind === "cidr" ? peer.cidr.text : "the peer"}`,
      );
      continue;
    }
    (e.allow ? out.allowed : out.denied).push(...hit);
    const whole = formatPorts(hit) === formatPorts(ports);
    out.rules.push(whole ? entryText(e) : `${entryText(e)} [ports ${formatPorts(hit)}]`);
  }
  if (remaining.length > 0) {
    out.denied.push(...remaining);
    out.rules.push(`rule * deny (no rule matches ports ${formatPorts(remaining)})`);
  }
  return out;
}
