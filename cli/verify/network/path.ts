/**
 * One packet's journey and its reply, for one (source, destination) pair: the source's security-group
 * egress, each subnet boundary's NACL (outbound then inbound), the route chosen at each subnet (through
 * firewall endpoints and NAT gateways), the firewall's policy, the destination's security-group ingress;
 * then the reply back along its own routes through the stateless NACLs on the client's ephemeral ports.
 * Security groups and the firewall are stateful: their reply is not checked, but the firewall must see
 * both directions (symmetric routing).
 */
import { addrText, type Addr } from "./addr";
import { evaluateFirewall } from "./firewall";
import { formatPorts, portCount, type PortRange } from "./ip";
import { evaluateNacl } from "./nacl";
import { lookupRoute, subnetOf } from "./routing";
import { evaluateSecurityGroups, type SgSide } from "./sgEval";
import { vpcOfSubnet, type Subnet, type Topology } from "./topology";
import type { Decision, Hop, Layer, PathResult, Protocol } from "./types";

/** A resolved flow endpoint: one interface (or network) at one place. */
export interface Placement {
  readonly label: string;
  readonly kind: "eni" | "external" | "internet" | "service";
  readonly subnetId?: string;
  readonly addr: Addr;
  readonly sg: SgSide;
  readonly publicIp: boolean;
  readonly domain?: string;
}

/** NAT gateways translate to source ports 1024-65535; the internet side replies to those. */
const NAT_PORTS: PortRange = { from: 1024, to: 65535 };

interface Ctx {
  readonly t: Topology;
  readonly protocol: Protocol;
  readonly port: number;
  readonly layers: ReadonlySet<Layer>;
  readonly hops: Hop[];
  /** Reply ports still admitted, per leg ("client": the source's ephemeral ports; "nat": a NAT's). */
  readonly legs: Map<string, PortRange[]>;
}

interface Walk {
  readonly end: "subnet" | "internet" | "service" | "external" | "blocked";
  readonly subnet?: Subnet;
  readonly srcAddr: Addr;
  readonly nat?: Subnet;
  readonly firewalls: string[];
}

const hop = (c: Ctx, h: Hop) => c.hops.push(h);

function naclOf(t: Topology, s: Subnet) {
  const id = t.subnetNacl.get(s.id) ?? vpcOfSubnet(t, s)?.defaultNaclId;
  return id ? t.nacls.get(id) : undefined;
}

/** A NACL check. Request: one destination port. Reply: the leg's remaining ports, narrowed in place. */
function nacl(c: Ctx, dir: "request" | "reply", s: Subnet, egress: boolean, peer: Addr, leg?: string): void {
  if (!c.layers.has("nacl")) return;
  const n = naclOf(c.t, s);
  const at = `${n?.name ?? "no NACL"} (${egress ? "outbound" : "inbound"}, ${s.name})`;
  if (!n) {
    hop(c, {
      direction: dir,
      layer: "nacl",
      at,
      decision: "undecidable",
      rule: "the subnet's NACL is not in the export",
    });
    return;
  }
  const ports = leg ? (c.legs.get(leg) ?? []) : [{ from: c.port, to: c.port }];
  if (ports.length === 0) return; // an earlier reply hop already refused every port
  const out = evaluateNacl(n, egress, c.protocol, peer, ports);
  let decision: Decision = "allow";
  if (out.undecided.length > 0) decision = "undecidable";
  else if (out.allowed.length === 0) decision = "deny";
  else if (out.denied.length > 0) decision = "partial";
  if (leg) c.legs.set(leg, out.allowed);
  const what = leg ? `${c.protocol} to ports ${formatPorts(ports)}` : `${c.protocol} ${c.port}`;
  hop(c, {
    direction: dir,
    layer: "nacl",
    at,
    decision,
    rule: `${what} ${egress ? "to" : "from"} ${addrText(peer)}: ${out.rules.join("; ")}`,
  });
}

function cross(
  c: Ctx,
  dir: "request" | "reply",
  from: Subnet,
  to: Subnet,
  src: Addr,
  dst: Addr,
  leg?: string,
) {
  if (from.id === to.id) return; // NACLs filter traffic entering and leaving a subnet, not within it
  nacl(c, dir, from, true, dst, leg);
  nacl(c, dir, to, false, src, leg);
}

function deny(
  c: Ctx,
  dir: "request" | "reply",
  layer: Hop["layer"],
  at: string,
  rule: string,
  decision: Decision = "deny",
): Walk {
  hop(c, { direction: dir, layer, at, decision, rule });
  return {
    end: "blocked",
    srcAddr: { kind: "cidr", cidr: { text: "", first: 0, last: 0, prefix: 32 } },
    firewalls: [],
  };
}

/** Follows routes from `start` toward `dst`, checking NACLs at each boundary (and the firewall, on requests). */
function walk(
  c: Ctx,
  dir: "request" | "reply",
  start: Subnet,
  src: Addr,
  dst: Placement,
  leg: string | undefined,
  publicSource: boolean,
): Walk {
  const t = c.t;
  let cur = start;
  let srcAddr = src;
  let nat: Subnet | undefined;
  const firewalls: string[] = [];
  for (let i = 0; i < 8; i++) {
    const found = lookupRoute(t, cur, dst.addr);
    if (found.kind === "undecidable") return deny(c, dir, "route", found.table, found.why, "undecidable");
    if (found.kind === "none") return deny(c, dir, "route", found.table, `no route to ${addrText(dst.addr)}`);
    const { route } = found;
    hop(c, {
      direction: dir,
      layer: "route",
      at: found.table,
      decision: "allow",
      rule: `route ${route.text}`,
    });
    const target = route.target;
    if (target.kind === "local") {
      const to = dst.subnetId ? t.subnets.get(dst.subnetId) : subnetOf(t, dst.addr);
      if (!to)
        return deny(
          c,
          dir,
          "route",
          found.table,
          `${addrText(dst.addr)} is in no subnet of the export`,
          "undecidable",
        );
      cross(c, dir, cur, to, srcAddr, dst.addr, leg);
      return { end: "subnet", subnet: to, srcAddr, nat, firewalls };
    }
    if (target.kind === "vpce" && route.prefixListId !== undefined) {
      if (dst.kind !== "service")
        return deny(
          c,
          dir,
          "route",
          found.table,
          `${addrText(dst.addr)} routed to gateway endpoint`,
          "undecidable",
        );
      nacl(c, dir, cur, true, dst.addr, leg);
      return { end: "service", srcAddr, nat, firewalls };
    }
    if (target.kind === "vpce") {
      const fw = t.firewalls.find((f) => f.endpoints.has(target.id));
      const fwSubnet = fw ? t.subnets.get(fw.endpoints.get(target.id)!) : undefined;
      if (!fw || !fwSubnet)
        return deny(
          c,
          dir,
          "route",
          found.table,
          `${target.id} is not a Network Firewall endpoint of the export`,
          "undecidable",
        );
      cross(c, dir, cur, fwSubnet, srcAddr, dst.addr, leg);
      firewalls.push(target.id);
      if (dir === "request" && c.layers.has("firewall")) {
        const out = evaluateFirewall(t, fw, {
          protocol: c.protocol,
          port: c.port,
          src: srcAddr,
          dst: dst.addr,
          domain: dst.domain,
        });
        hop(c, {
          direction: dir,
          layer: "firewall",
          at: `${fw.name} (${target.id})`,
          decision: out.decision,
          rule: out.rule,
        });
      }
      cur = fwSubnet;
      continue;
    }
    if (target.kind === "nat") {
      const gw = t.natGateways.get(target.id);
      const natSubnet = gw ? t.subnets.get(gw.subnetId) : undefined;
      if (!gw || !natSubnet)
        return deny(
          c,
          dir,
          "route",
          found.table,
          `NAT gateway ${target.id} is not in the export`,
          "undecidable",
        );
      if (dir === "reply")
        return deny(
          c,
          dir,
          "route",
          found.table,
          `the reply would leave through ${gw.name} with another source address`,
        );
      cross(c, dir, cur, natSubnet, srcAddr, dst.addr, leg);
      nat = natSubnet;
      srcAddr = { kind: "cidr", cidr: natSubnet.cidr };
      publicSource = gw.isPublic;
      cur = natSubnet;
      continue;
    }
    if (target.kind === "igw") {
      if (dst.kind === "service")
        return deny(
          c,
          dir,
          "route",
          found.table,
          `the route table does not use the gateway endpoint: ${dst.label} would be reached over the internet`,
        );
      if (dst.kind !== "internet")
        return deny(
          c,
          dir,
          "route",
          found.table,
          `${addrText(dst.addr)} is routed to the internet gateway, not through its own path`,
        );
      if (!publicSource)
        // https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html: only public IPv4 addresses are translated.
        return deny(
          c,
          dir,
          "gateway",
          t.igws.get(target.id) ?? target.id,
          "the source has no public IPv4 address; the internet gateway drops it",
        );
      nacl(c, dir, cur, true, dst.addr, leg);
      return { end: "internet", srcAddr, nat, firewalls };
    }
    if (target.kind === "tgw" || target.kind === "vgw" || target.kind === "peering") {
      if (dst.kind !== "external")
        return deny(
          c,
          dir,
          "route",
          found.table,
          `${addrText(dst.addr)} leaves the VPC through ${target.id}`,
          "undecidable",
        );
      nacl(c, dir, cur, true, dst.addr, leg);
      hop(c, {
        direction: dir,
        layer: "gateway",
        at: target.id,
        decision: "allow",
        rule: `leaves the VPC through ${target.id}; what lies beyond is not in the export`,
      });
      return { end: "external", srcAddr, nat, firewalls };
    }
    return deny(c, dir, "route", found.table, `route target ${target.id} is not modelled`, "undecidable");
  }
  return deny(c, dir, "route", start.name, "routing loop", "undecidable");
}

function sgCheck(
  c: Ctx,
  side: Placement,
  egress: boolean,
  peer: Placement,
  peerAddr: Addr,
  translated: boolean,
) {
  if (!c.layers.has("sg") || side.kind !== "eni") return;
  const out = evaluateSecurityGroups(c.t, side.sg, egress, c.protocol, c.port, {
    addr: peerAddr,
    sgIds: translated || peer.kind !== "eni" ? [] : peer.sg.sgIds,
  });
  hop(c, { direction: "request", layer: "sg", at: out.at, decision: out.decision, rule: out.rule });
}

function combine(hops: readonly Hop[]): Decision {
  const ds = new Set(hops.map((h) => h.decision));
  if (ds.has("deny")) return "deny";
  if (ds.has("undecidable")) return "undecidable";
  if (ds.has("partial")) return "partial";
  return "allow";
}

export function evaluatePath(
  t: Topology,
  src: Placement,
  dst: Placement,
  protocol: Protocol,
  port: number,
  ephemeral: PortRange,
  layers: ReadonlySet<Layer>,
): PathResult {
  const c: Ctx = { t, protocol, port, layers, hops: [], legs: new Map([["client", [ephemeral]]]) };
  const srcSubnet = src.subnetId ? t.subnets.get(src.subnetId) : undefined;
  const dstSubnet = dst.subnetId ? t.subnets.get(dst.subnetId) : undefined;
  if (src.kind === "service")
    deny(c, "request", "route", src.label, "an AWS service as a source is not modelled", "undecidable");
  else if (src.kind === "eni") {
    if (!srcSubnet)
      deny(c, "request", "route", src.label, `subnet ${src.subnetId} is not in the export`, "undecidable");
    else {
      sgCheck(c, src, true, dst, dst.addr, false);
      const w = walk(c, "request", srcSubnet, src.addr, dst, undefined, src.publicIp);
      if (w.end === "subnet" && dst.kind !== "eni")
        deny(c, "request", "route", w.subnet!.name, `${dst.label} is not inside the VPC`, "undecidable");
      if (w.end === "service" && dst.kind !== "service")
        deny(c, "request", "route", dst.label, "reached a service", "undecidable");
      if (w.end === "subnet" && dst.kind === "eni")
        sgCheck(c, dst, false, src, w.srcAddr, w.nat !== undefined);
      if (w.end !== "blocked") reply(c, src, srcSubnet, dst, w);
    }
  } else {
    // Inbound from outside the VPC: internet (through the internet gateway) or an external network.
    if (dst.kind !== "eni" || !dstSubnet)
      deny(c, "request", "route", dst.label, "both ends are outside the VPC", "undecidable");
    else if (src.kind === "internet" && !dst.publicIp)
      deny(
        c,
        "request",
        "gateway",
        dst.label,
        "the destination has no public address reachable from the internet",
      );
    else {
      if (src.kind === "external")
        hop(c, {
          direction: "request",
          layer: "gateway",
          at: src.label,
          decision: "allow",
          rule: "enters the VPC from outside; the path before the destination subnet is not in the export",
        });
      nacl(c, "request", dstSubnet, false, src.addr);
      sgCheck(c, dst, false, src, src.addr, false);
      const back = walk(c, "reply", dstSubnet, dst.addr, src, "client", dst.publicIp);
      if (back.end !== "blocked" && back.end !== (src.kind === "internet" ? "internet" : "external"))
        deny(
          c,
          "reply",
          "route",
          dstSubnet.name,
          `the reply to ${src.label} does not leave the VPC the way it came`,
        );
    }
  }
  let decision = combine(c.hops);
  const replyPorts = c.legs.get("client") ?? [];
  if (decision === "partial" && replyPorts.length === 0) decision = "deny";
  const narrowed = portCount(replyPorts) < portCount([ephemeral]);
  return { from: src.label, to: dst.label, decision, hops: c.hops, ...(narrowed ? { replyPorts } : {}) };
}

/** The reply to a request that reached its destination (`w`), back to `src`. */
function reply(c: Ctx, src: Placement, srcSubnet: Subnet, dst: Placement, w: Walk) {
  let back: Walk | undefined;
  if (w.end === "subnet") {
    back = walk(c, "reply", w.subnet!, dst.addr, src, "client", false);
  } else if (w.end === "internet" && w.nat) {
    c.legs.set("nat", [NAT_PORTS]);
    nacl(c, "reply", w.nat, false, dst.addr, "nat");
    if ((c.legs.get("nat") ?? []).length > 0) back = walk(c, "reply", w.nat, dst.addr, src, "client", false);
  } else {
    // Replies from the internet (to a public interface), a gateway endpoint or an external network arrive
    // straight into the source's subnet.
    nacl(c, "reply", srcSubnet, false, dst.addr, "client");
    return;
  }
  if (!back || back.end === "blocked") return;
  if (back.end !== "subnet" || back.subnet?.id !== srcSubnet.id) {
    deny(c, "reply", "route", srcSubnet.name, `the reply does not come back to ${src.label}`);
    return;
  }
  const fwd = w.firewalls.join(",");
  const rev = [...back.firewalls].reverse().join(",");
  if (fwd !== rev)
    deny(
      c,
      "reply",
      "firewall",
      [...new Set([...w.firewalls, ...back.firewalls])].join(", "),
      `asymmetric routing: the request passes firewall endpoints [${fwd}] and the reply [${rev}]; a stateful firewall sees one direction only`,
      "undecidable",
    );
}
