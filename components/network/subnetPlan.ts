import { IPv4, IPv4CidrRange, Validator } from "ip-num";

/**
 * Pure subnet allocation for `SegmentedVpc`: no Pulumi, no I/O, so config validation and tests can
 * call it directly. All arithmetic goes through ip-num; no CIDR is built by string concatenation.
 */

/** The subnet tiers, in the order their subnets are laid out. */
export const TIERS = ["ingress", "inference", "management", "data", "logging", "firewall"] as const;
export type Tier = (typeof TIERS)[number];

/** How one tier is sized: a prefix length per zone (auto-allocated) or one explicit CIDR per zone. */
export interface TierSpec {
  readonly prefixLength?: number;
  readonly cidrs?: readonly string[];
}

export interface SubnetPlanInput {
  readonly vpcCidr: string;
  readonly zones: readonly string[];
  readonly tiers: Partial<Record<Tier, TierSpec>>;
}

export interface PlannedSubnet {
  readonly tier: Tier;
  readonly zone: string;
  readonly zoneIndex: number;
  readonly cidr: string;
  /**
   * The aligned block reserved for the whole tier that contains this subnet: one CIDR per tier when
   * the tier is sized by prefix length (its zone subnets are carved from it, with any slot left over
   * for a later zone), or the subnet itself when the tier's CIDRs are given explicitly. Network ACLs
   * and firewall rules name tiers by these blocks, so a tier costs one rule, not one per zone.
   */
  readonly tierBlock: string;
}

/** A problem with the plan, addressed by the config path it comes from (relative to `network`). */
export interface PlanProblem {
  readonly path: (string | number)[];
  readonly value: unknown;
  readonly message: string;
}

export type SubnetPlanResult =
  | { readonly ok: true; readonly subnets: readonly PlannedSubnet[] }
  | { readonly ok: false; readonly problems: readonly PlanProblem[] };

/** Returns the problem with a CIDR string, or undefined if it is a valid IPv4 network address. */
export function cidrProblem(cidr: string): string | undefined {
  const [valid] = Validator.isValidIPv4CidrNotation(cidr);
  if (!valid) return "is not a valid IPv4 CIDR (expected a.b.c.d/n with n from 0 to 32)";
  const [aligned] = Validator.isValidIPv4CidrRange(cidr);
  if (!aligned) {
    const normal = IPv4CidrRange.fromCidr(cidr);
    return `is not a network address (the /${normal.cidrPrefix.toString()} block starting there is ${networkOf(cidr)})`;
  }
  return undefined;
}

function networkOf(cidr: string): string {
  const [addr, prefix] = cidr.split("/");
  const p = Number(prefix);
  const value = IPv4.fromDecimalDottedString(addr!).getValue();
  const size = 1n << BigInt(32 - p);
  return `${IPv4.fromNumber((value / size) * size).toString()}/${p}`;
}

/** True when two valid CIDRs share at least one address. */
export function overlaps(a: string, b: string): boolean {
  const ra = IPv4CidrRange.fromCidr(a);
  const rb = IPv4CidrRange.fromCidr(b);
  return ra.contains(rb) || rb.contains(ra);
}

/** True when `inner` lies entirely inside `outer`. */
export function contains(outer: string, inner: string): boolean {
  return IPv4CidrRange.fromCidr(outer).contains(IPv4CidrRange.fromCidr(inner));
}

/** The distinct tier blocks of a plan, per tier, in address order. */
export function tierBlocks(subnets: readonly PlannedSubnet[]): Partial<Record<Tier, string[]>> {
  const out: Partial<Record<Tier, string[]>> = {};
  for (const s of subnets) {
    const list = (out[s.tier] ??= []);
    if (!list.includes(s.tierBlock)) list.push(s.tierBlock);
  }
  for (const list of Object.values(out)) {
    list.sort((a, b) => {
      const d =
        IPv4CidrRange.fromCidr(a).getFirst().getValue() - IPv4CidrRange.fromCidr(b).getFirst().getValue();
      return d < 0n ? -1 : d > 0n ? 1 : 0;
    });
  }
  return out;
}

/** Bits needed to give each of `zones` zones its own slot in a tier block (zones rounded up to 2^n). */
function zoneBits(zones: number): number {
  let bits = 0;
  while (1 << bits < zones) bits++;
  return bits;
}

/**
 * Lays out one subnet per tier per zone inside the VPC CIDR. Explicit CIDRs are kept as given (after
 * checking they are inside the VPC and disjoint). Each prefix-length tier gets one aligned block big
 * enough for a subnet per zone (zone count rounded up to a power of two), packed largest first into
 * the lowest free space, and its zone subnets are carved from that block in zone order. Returns every
 * problem found, not just the first.
 */
export function planSubnets(input: SubnetPlanInput): SubnetPlanResult {
  const problems: PlanProblem[] = [];
  const vpcProblem = cidrProblem(input.vpcCidr);
  if (vpcProblem)
    return { ok: false, problems: [{ path: ["cidr"], value: input.vpcCidr, message: vpcProblem }] };
  const vpc = IPv4CidrRange.fromCidr(input.vpcCidr);
  const vpcPrefix = Number(vpc.cidrPrefix.getValue());
  const zoneCount = input.zones.length;

  const taken: { cidr: string; owner: string }[] = [];
  const result: PlannedSubnet[] = [];

  // Explicit CIDRs first: they pin the layout.
  for (const tier of TIERS) {
    const spec = input.tiers[tier];
    if (!spec?.cidrs) continue;
    if (spec.cidrs.length !== zoneCount) {
      problems.push({
        path: ["tiers", tier, "cidrs"],
        value: spec.cidrs,
        message: `has ${spec.cidrs.length} CIDR(s) but there are ${zoneCount} availability zones (expected one per zone)`,
      });
      continue;
    }
    spec.cidrs.forEach((cidr, i) => {
      const path = ["tiers", tier, "cidrs", i];
      const bad = cidrProblem(cidr);
      const clash = bad ? undefined : taken.find((t) => overlaps(t.cidr, cidr));
      if (bad) problems.push({ path, value: cidr, message: bad });
      else if (!contains(input.vpcCidr, cidr)) {
        problems.push({ path, value: cidr, message: `is outside the VPC CIDR ${input.vpcCidr}` });
      } else if (clash) {
        problems.push({ path, value: cidr, message: `overlaps ${clash.owner} (${clash.cidr})` });
      } else {
        taken.push({ cidr, owner: `tiers.${tier}.cidrs[${i}]` });
        result.push({ tier, zone: input.zones[i]!, zoneIndex: i, cidr, tierBlock: cidr });
      }
    });
  }

  // Then auto-allocated tiers, largest blocks first so alignment wastes nothing.
  const auto = TIERS.flatMap((tier) => {
    const spec = input.tiers[tier];
    return spec && !spec.cidrs && spec.prefixLength !== undefined
      ? [{ tier, prefix: spec.prefixLength }]
      : [];
  }).sort((a, b) => a.prefix - b.prefix || TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier));

  const vpcStart = vpc.getFirst().getValue();
  const vpcEnd = vpc.getLast().getValue();
  const bits = zoneBits(zoneCount);
  let full = false;
  for (const { tier, prefix } of auto) {
    if (full) break;
    if (prefix < vpcPrefix || prefix > 28) {
      problems.push({
        path: ["tiers", tier, "prefixLength"],
        value: prefix,
        message: `must be between the VPC's /${vpcPrefix} and /28 (AWS's smallest subnet)`,
      });
      continue;
    }
    const blockPrefix = prefix - bits;
    const blockSize = 1n << BigInt(32 - blockPrefix);
    let block: string | undefined;
    if (blockPrefix >= vpcPrefix) {
      let cursor = vpcStart;
      while (cursor + blockSize - 1n <= vpcEnd) {
        const candidate = `${IPv4.fromNumber(cursor).toString()}/${blockPrefix}`;
        const clash = taken.find((t) => overlaps(t.cidr, candidate));
        if (!clash) {
          block = candidate;
          break;
        }
        // Jump past the clashing block, then realign.
        const clashEnd = IPv4CidrRange.fromCidr(clash.cidr).getLast().getValue() + 1n;
        cursor = ((clashEnd + blockSize - 1n) / blockSize) * blockSize;
      }
    }
    if (!block) {
      const needed = neededAddresses(input, zoneCount);
      problems.push({
        path: ["tiers", tier, "prefixLength"],
        value: prefix,
        message:
          `does not fit: the VPC ${input.vpcCidr} has ${vpc.getSize().toString()} addresses and the tiers need ` +
          `${needed.toString()} across ${zoneCount} zones (use a larger VPC CIDR or longer tier prefixes)`,
      });
      full = true; // every smaller tier after this one would report the same shortage
      continue;
    }
    taken.push({ cidr: block, owner: `tiers.${tier}` });
    const blockStart = IPv4CidrRange.fromCidr(block).getFirst().getValue();
    const size = 1n << BigInt(32 - prefix);
    for (let zoneIndex = 0; zoneIndex < zoneCount; zoneIndex++) {
      const cidr = `${IPv4.fromNumber(blockStart + BigInt(zoneIndex) * size).toString()}/${prefix}`;
      result.push({ tier, zone: input.zones[zoneIndex]!, zoneIndex, cidr, tierBlock: block });
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  result.sort((a, b) => TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier) || a.zoneIndex - b.zoneIndex);
  return { ok: true, subnets: result };
}

function neededAddresses(input: SubnetPlanInput, zoneCount: number): bigint {
  let total = 0n;
  for (const tier of TIERS) {
    const spec = input.tiers[tier];
    if (!spec) continue;
    if (spec.cidrs) {
      for (const c of spec.cidrs) {
        if (!cidrProblem(c)) total += IPv4CidrRange.fromCidr(c).getSize();
      }
    } else if (spec.prefixLength !== undefined) {
      // A tier block holds 2^n zone slots, n the bits that fit every zone.
      total += (1n << BigInt(zoneBits(zoneCount))) * (1n << BigInt(32 - spec.prefixLength));
    }
  }
  return total;
}

/** The subnet CIDRs of each tier, in plan order (zone order within a tier). */
export function tierCidrs(subnets: readonly PlannedSubnet[]): Partial<Record<Tier, string[]>> {
  const out: Partial<Record<Tier, string[]>> = {};
  for (const s of subnets) (out[s.tier] ??= []).push(s.cidr);
  return out;
}
