import { IPv4, IPv4CidrRange } from "ip-num";
import {
  ANYWHERE,
  clientEphemeral,
  EGRESS_TIERS,
  type EgressMode,
  EPHEMERAL,
  type Flow,
  OPERATOR_TIERS,
  type Peer,
  proto,
  TIER_FLOWS,
} from "./segmentedVpc.flows";
import { contains, type PlannedSubnet, type Tier, tierBlocks } from "./subnetPlan";

/**
 * Pure logic for `SegmentedVpc`: the network ACLs the flow table (segmentedVpc.flows.ts) yields for
 * each tier. No Pulumi.
 */

export interface NaclRule {
  readonly ruleNo: number;
  readonly action: "allow" | "deny";
  /** "tcp", "udp" or "-1" (all). */
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidrBlock: string;
}
export interface NaclRules {
  readonly ingress: NaclRule[];
  readonly egress: NaclRule[];
}

type Draft = Omit<NaclRule, "ruleNo">;

const allow = (
  protocol: string,
  [fromPort, toPort]: readonly [number, number],
  cidrBlock: string,
): Draft => ({
  action: "allow",
  protocol,
  fromPort,
  toPort,
  cidrBlock,
});

/**
 * A tier's ACL, in three bands evaluated in rule-number order (first match wins):
 *
 * 1. allows for the flows between tiers this tier takes part in: the request on the flow's port and
 *    the reply on the ephemeral ports (ACLs are stateless);
 * 2. a deny of everything else from or to the VPC's own CIDRs, so that
 * 3. the allows for traffic with the internet (HTTPS out to S3 or through the firewall, and its
 *    replies on ephemeral ports; HTTPS in to the load balancers) can never admit tier-to-tier
 *    traffic the matrix does not list.
 *
 * The ACL's final `*` rule denies the rest. Rules another rule of the same band covers are dropped.
 * DNS to the VPC resolver, instance metadata and time sync are never filtered by ACLs.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
 */
export function naclRules(
  tier: Tier,
  subnets: readonly PlannedSubnet[],
  mode: EgressMode,
  vpcCidrs: readonly string[],
  flows: readonly Flow[] = TIER_FLOWS,
  operatorCidrs: readonly string[] = [],
): NaclRules {
  const blocks = tierBlocks(subnets);
  const cidrsOf = (p: Peer): string[] => (p === "internet" ? [ANYWHERE] : (blocks[p] ?? []));
  const ingress: Draft[] = [];
  const egress: Draft[] = [];
  for (const flow of flows.filter((fl) => fl.layers.includes("nacl"))) {
    const ports: readonly [number, number] = flow.protocol === "all" ? [0, 0] : flow.ports;
    const protocol = proto(flow.protocol);
    // Replies go to the client's ephemeral ports. Toward the internet (NAT, the S3 endpoint, the VPC
    // CNI's randomised SNAT) the port may be anything from 1024 up; those rules sit after the VPC deny.
    const reply = flow.to === "internet" ? EPHEMERAL : clientEphemeral(flow.from);
    if (flow.from === tier) {
      for (const cidr of cidrsOf(flow.to)) {
        egress.push(allow(protocol, ports, cidr));
        if (flow.protocol !== "all") ingress.push(allow(protocol, reply, cidr));
      }
    }
    if (flow.to === tier) {
      for (const cidr of cidrsOf(flow.from)) {
        ingress.push(allow(protocol, ports, cidr));
        if (flow.protocol !== "all") egress.push(allow(protocol, reply, cidr));
      }
    }
  }
  if ((OPERATOR_TIERS as readonly string[]).includes(tier)) {
    // Operators' networks reach the API server (and the SIEM's Dashboards); their clients' ports are not
    // ours to know.
    for (const cidr of operatorCidrs) {
      ingress.push(allow("tcp", [443, 443], cidr));
      egress.push(allow("tcp", EPHEMERAL, cidr));
    }
  }
  if (mode === "firewall") {
    const transit = transitRules(tier, blocks, flows);
    ingress.push(...transit.ingress);
    egress.push(...transit.egress);
  }
  // The NAT gateways' subnets (firewall mode: the ingress tier) must admit replies on every port the NAT
  // translates to, 1024-65535: there the reply rule stands whole, the one exception the pack's
  // aws-ec2-networkacl-disallow-public-admin-ports policy is configured with (natReplyAcls).
  const guarded =
    mode === "firewall" && tier === "ingress" ? ADMIN_PORTS.filter((p) => p < 1024) : ADMIN_PORTS;
  return { ingress: banded(ingress, vpcCidrs, guarded), egress: banded(egress, vpcCidrs) };
}

/**
 * Remote administration ports (SSH, RDP) no rule from the internet may admit: CIS AWS Foundations 5.1
 * and Checkov CKV_AWS_231/232 judge an ACL entry by whether its port range covers them, and the reply
 * rules' 1024-65535 covers RDP. A deny for each sits before the internet allows. It costs nothing a
 * flow needs: Linux picks ephemeral ports from 32768 up. A NAT gateway translates to any of 1024-65535,
 * so its subnets keep the whole range (`rampart verify` shows a reply to port 3389 would be dropped).
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html
 */
const ADMIN_PORTS: readonly number[] = [22, 3389];

/**
 * In firewall mode the firewall and ingress subnets carry other tiers' packets: an egress tier ->
 * firewall endpoint -> NAT gateway (ingress) -> internet gateway, and back; and same-zone load
 * balancer traffic, which the symmetric routes send through the firewall both ways (`routePlan`).
 */
function transitRules(
  tier: Tier,
  blocks: Partial<Record<Tier, string[]>>,
  flows: readonly Flow[],
): { ingress: Draft[]; egress: Draft[] } {
  const of = (tiers: readonly Tier[]) => tiers.flatMap((t) => blocks[t] ?? []);
  const egressBlocks = of(EGRESS_TIERS);
  const https: readonly [number, number] = [443, 443];
  if (tier === "firewall") {
    const lbFlows = flows.filter(
      (fl) =>
        fl.from === "ingress" && (EGRESS_TIERS as readonly Peer[]).includes(fl.to) && fl.protocol === "tcp",
    );
    const lbTargets = lbFlows.flatMap((fl) =>
      (blocks[fl.to as Tier] ?? []).map((c) => ({ c, ports: fl.ports })),
    );
    const ingressBlocks = blocks.ingress ?? [];
    return {
      ingress: [
        ...egressBlocks.map((c) => allow("tcp", https, c)), // egress tier -> internet
        ...lbFlows.flatMap((fl) => ingressBlocks.map((c) => allow("tcp", fl.ports, c))), // LB -> target
        ...lbTargets.map(({ c }) => allow("tcp", EPHEMERAL, c)), // target -> LB replies
        allow("tcp", EPHEMERAL, ANYWHERE), // internet replies (after the NAT)
      ],
      egress: [
        ...egressBlocks.map((c) => allow("tcp", EPHEMERAL, c)), // internet replies -> egress tier
        ...lbTargets.map(({ c, ports }) => allow("tcp", ports, c)), // LB -> target
        ...ingressBlocks.map((c) => allow("tcp", EPHEMERAL, c)), // target replies -> LB
        allow("tcp", https, ANYWHERE), // -> NAT -> internet
      ],
    };
  }
  if (tier === "ingress") {
    // The NAT gateways: requests from the egress tiers out to the internet, replies back to them.
    return {
      ingress: [...egressBlocks.map((c) => allow("tcp", https, c)), allow("tcp", EPHEMERAL, ANYWHERE)],
      egress: [allow("tcp", https, ANYWHERE), ...egressBlocks.map((c) => allow("tcp", EPHEMERAL, c))],
    };
  }
  return { ingress: [], egress: [] };
}

function covers(a: Draft, b: Draft): boolean {
  return (
    (a.protocol === "-1" || a.protocol === b.protocol) &&
    (a.protocol === "-1" || (a.fromPort <= b.fromPort && a.toPort >= b.toPort)) &&
    contains(a.cidrBlock, b.cidrBlock)
  );
}

function compact(drafts: readonly Draft[]): Draft[] {
  const same = (a: Draft, b: Draft) =>
    a.protocol === b.protocol &&
    a.fromPort === b.fromPort &&
    a.toPort === b.toPort &&
    a.cidrBlock === b.cidrBlock;
  const unique = mergeSiblings(drafts.filter((d, i) => drafts.findIndex((o) => same(o, d)) === i));
  return unique.filter((d) => !unique.some((o) => o !== d && covers(o, d) && !covers(d, o)));
}

/**
 * The block `a` and `b` make together when they are the two halves of one CIDR (e.g. 10.0.104.0/22
 * and 10.0.108.0/22 make 10.0.104.0/21), else undefined.
 */
export function siblingUnion(a: string, b: string): string | undefined {
  const [pa, pb] = [a, b].map((c) => Number(c.split("/")[1]));
  if (pa !== pb || pa === undefined || pa === 0 || a === b) return undefined;
  const parent = (c: string) => {
    const size = 1n << BigInt(32 - pa + 1);
    const first = IPv4CidrRange.fromCidr(c).getFirst().getValue();
    return `${IPv4.fromNumber((first / size) * size).toString()}/${pa - 1}`;
  };
  return parent(a) === parent(b) ? parent(a) : undefined;
}

/**
 * Rules that differ only in CIDR, where the two CIDRs are halves of one block, become one rule on the
 * block: the same addresses, one rule fewer (the ACL quota is 20 per direction). Repeated until no pair
 * merges, so adjacent tier blocks (data, ingress, logging) can fold into their common block.
 */
export function mergeSiblings(drafts: readonly Draft[]): Draft[] {
  const out = [...drafts];
  for (let merged = true; merged;) {
    merged = false;
    for (let i = 0; i < out.length && !merged; i++) {
      for (let j = i + 1; j < out.length && !merged; j++) {
        const [a, b] = [out[i]!, out[j]!];
        const union =
          a.action === b.action &&
          a.protocol === b.protocol &&
          a.fromPort === b.fromPort &&
          a.toPort === b.toPort
            ? siblingUnion(a.cidrBlock, b.cidrBlock)
            : undefined;
        if (union) {
          out.splice(j, 1);
          out[i] = { ...a, cidrBlock: union };
          merged = true;
        }
      }
    }
  }
  return out;
}

function banded(
  drafts: readonly Draft[],
  vpcCidrs: readonly string[],
  guardedPorts: readonly number[] = [],
): NaclRule[] {
  const internal = drafts.filter((d) => d.cidrBlock !== ANYWHERE);
  const external = drafts.filter((d) => d.cidrBlock === ANYWHERE);
  const deny: Draft[] = vpcCidrs.map((cidrBlock) => ({
    action: "deny",
    protocol: "-1",
    fromPort: 0,
    toPort: 0,
    cidrBlock,
  }));
  // Only the ports an internet allow would admit: no rule is spent on what nothing lets in.
  const covers = (d: Draft, port: number) =>
    d.action === "allow" &&
    (d.protocol === "-1" || (d.protocol === "tcp" && d.fromPort <= port && port <= d.toPort));
  let guard: Draft[] = guardedPorts
    .filter((port) => external.some((d) => covers(d, port)))
    .map((port) => ({ action: "deny", protocol: "tcp", fromPort: port, toPort: port, cidrBlock: ANYWHERE }));
  const [inner, outer] = [compact(internal), compact(external)];
  // The guards are what an ACL gives up first at AWS's default quota (many secondary CIDRs): the flows
  // must fit, and the pack's admin-ports policy then names the ACL (raise the quota, or configure it).
  if (inner.length + deny.length + guard.length + outer.length > NACL_RULE_QUOTA) guard = [];
  return [...inner, ...deny, ...guard, ...outer].map((d, i) => ({
    ruleNo: 100 + i * 10,
    ...d,
  }));
}

/** AWS's default quota of rules per direction in one network ACL. */
export const NACL_RULE_QUOTA = 20;
