/**
 * IPv4 addresses, CIDR blocks and port ranges: the arithmetic every layer of the evaluator shares.
 * Addresses are unsigned 32-bit numbers; a CIDR is the inclusive range [first, last].
 */

export interface Cidr {
  readonly text: string;
  readonly first: number;
  readonly last: number;
  readonly prefix: number;
}

/** `a.b.c.d` → number, or undefined when it is not a dotted-quad IPv4 address. */
export function parseIp(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return ((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!;
}

/** `10.0.0.0/16` (or a bare address, as /32) → Cidr, or undefined when malformed. */
export function parseCidr(text: string): Cidr | undefined {
  const [addr, len, ...rest] = text.trim().split("/");
  if (rest.length > 0 || addr === undefined) return undefined;
  const ip = parseIp(addr);
  const prefix = len === undefined ? 32 : /^\d{1,2}$/.test(len) ? Number(len) : NaN;
  if (ip === undefined || !(prefix >= 0 && prefix <= 32)) return undefined;
  const size = 2 ** (32 - prefix);
  const first = Math.floor(ip / size) * size;
  return { text: text.trim(), first, last: first + size - 1, prefix };
}

/** How a rule's block relates to a set of addresses: covers all of it, none of it, or only part. */
export type Overlap = "all" | "none" | "some";

export function overlap(rule: Cidr, addrs: Cidr): Overlap {
  if (rule.first <= addrs.first && rule.last >= addrs.last) return "all";
  if (rule.last < addrs.first || rule.first > addrs.last) return "none";
  return "some";
}

export const contains = (outer: Cidr, inner: Cidr): boolean => overlap(outer, inner) === "all";

/** RFC 1918, shared (RFC 6598), loopback and link-local space: never an AWS public service address. */
const NON_PUBLIC = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
].map((c) => parseCidr(c)!);

export function isPrivate(c: Cidr): boolean {
  return NON_PUBLIC.some((p) => contains(p, c));
}

/** Inclusive port interval. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export const ALL_PORTS: PortRange = { from: 0, to: 65535 };

export const formatPorts = (ranges: readonly PortRange[]): string =>
  ranges.length === 0
    ? "none"
    : ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(",");

/** The parts of `ranges` inside `within`. */
export function intersect(ranges: readonly PortRange[], within: PortRange): PortRange[] {
  const out: PortRange[] = [];
  for (const r of ranges) {
    const from = Math.max(r.from, within.from);
    const to = Math.min(r.to, within.to);
    if (from <= to) out.push({ from, to });
  }
  return out;
}

/** The parts of `ranges` outside `cut`. */
export function subtract(ranges: readonly PortRange[], cut: PortRange): PortRange[] {
  const out: PortRange[] = [];
  for (const r of ranges) {
    if (cut.to < r.from || cut.from > r.to) {
      out.push(r);
      continue;
    }
    if (r.from < cut.from) out.push({ from: r.from, to: cut.from - 1 });
    if (r.to > cut.to) out.push({ from: cut.to + 1, to: r.to });
  }
  return out;
}

export const portCount = (ranges: readonly PortRange[]): number =>
  ranges.reduce((n, r) => n + r.to - r.from + 1, 0);
