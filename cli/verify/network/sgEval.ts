/**
 * Security-group evaluation: stateful (only the request is checked; its reply is always admitted), allow
 * rules only, the union of every rule of every group on the interface. A rule that references a group
 * matches a peer interface carrying that group; a CIDR rule matches the peer's address; a prefix-list rule
 * matches the service the list stands for.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html
 */
import { addrText, cidrMatch, type Addr } from "./addr";
import type { SgRule } from "./sgRules";
import type { Topology } from "./topology";
import type { Decision, Protocol } from "./types";

/** What a security group sees of the other end. */
export interface SgPeerView {
  readonly addr: Addr;
  /** Groups on the peer interface; empty once the packet was translated (NAT) or comes from outside. */
  readonly sgIds: readonly string[];
}

export interface SgSide {
  readonly label: string;
  readonly sgIds: readonly string[];
  readonly noSecurityGroups?: boolean;
  readonly unknownGroups?: string;
}

export interface SgOutcome {
  readonly decision: Decision;
  readonly at: string;
  readonly rule: string;
}

function ruleText(r: SgRule, t: Topology): string {
  const ports =
    r.protocol === "all" ? "all traffic" : `${r.protocol} ${r.from === r.to ? r.from : `${r.from}-${r.to}`}`;
  const peer =
    r.peer.kind === "cidr"
      ? r.peer.cidr.text
      : r.peer.kind === "sg"
        ? `group ${t.securityGroups.get(r.peer.id)?.name ?? r.peer.id}`
        : r.peer.kind === "prefixList"
          ? `prefix list ${r.peer.id}`
          : "IPv6";
  return `${r.source}: ${r.egress ? "egress" : "ingress"} ${ports} ${r.egress ? "to" : "from"} ${peer}`;
}

function peerMatch(t: Topology, r: SgRule, peer: SgPeerView): "all" | "none" | "some" {
  switch (r.peer.kind) {
    case "ipv6":
      return "none";
    case "cidr":
      return cidrMatch(r.peer.cidr, peer.addr);
    case "sg":
      return peer.sgIds.includes(r.peer.id) ? "all" : "none";
    case "prefixList": {
      const listId = r.peer.id;
      if (peer.addr.kind === "service") return peer.addr.prefixListId === r.peer.id ? "all" : "none";
      const cidrs = t.prefixLists.get(r.peer.id);
      if (!cidrs) return t.gatewayEndpoints.some((e) => e.prefixListId === listId) ? "none" : "some";
      const m = cidrs.map((c) => cidrMatch(c, peer.addr));
      return m.includes("all") ? "all" : m.includes("some") ? "some" : "none";
    }
  }
}

export function evaluateSecurityGroups(
  t: Topology,
  side: SgSide,
  egress: boolean,
  protocol: Protocol,
  port: number,
  peer: SgPeerView,
): SgOutcome {
  if (side.noSecurityGroups)
    return { decision: "allow", at: side.label, rule: "no security group on this interface" };
  const at = side.sgIds.map((id) => t.securityGroups.get(id)?.name ?? id).join(", ") || side.label;
  const unreadable: string[] = [];
  let maybe: string | undefined;
  for (const id of side.sgIds) {
    const g = t.securityGroups.get(id);
    if (!g || (!g.declared && !g.modelled)) {
      unreadable.push(id);
      continue;
    }
    for (const r of g.rules) {
      if (r.egress !== egress) continue;
      if (r.protocol !== "all" && r.protocol !== protocol) continue;
      if (r.protocol !== "all" && (port < r.from || port > r.to)) continue;
      const m = peerMatch(t, r, peer);
      if (m === "all") return { decision: "allow", at, rule: ruleText(r, t) };
      if (m === "some") maybe ??= `${ruleText(r, t)} may cover ${addrText(peer.addr)}`;
    }
  }
  const what = `${protocol} ${port} ${egress ? "to" : "from"} ${addrText(peer.addr)}`;
  if (maybe) return { decision: "undecidable", at, rule: maybe };
  if (unreadable.length > 0)
    return {
      decision: "undecidable",
      at,
      rule: `no rule read admits ${what}; groups not in the export: ${unreadable.join(", ")}`,
    };
  if (side.unknownGroups)
    return { decision: "undecidable", at, rule: `no rule read admits ${what}, but ${side.unknownGroups}` };
  if (side.sgIds.length === 0)
    return { decision: "deny", at, rule: "the interface carries no security group" };
  return { decision: "deny", at, rule: `no ${egress ? "egress" : "ingress"} rule admits ${what}` };
}
