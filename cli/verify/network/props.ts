/**
 * Defensive readers for export properties. A real export's `outputs` hold the provider's state (what AWS
 * has); `inputs` fill gaps in exports written before a resource's outputs were known. A value Pulumi could
 * not know at preview time is the unknown sentinel: it is read as absent and reported, never guessed.
 */
import type { ExportResource } from "./types";

/** The engine's placeholder for a value not known until apply (sdk/go/common/resource/plugin/rpc.go). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Props = Record<string, unknown>;

export const isObject = (v: unknown): v is Props => v !== null && typeof v === "object" && !Array.isArray(v);

export function props(r: ExportResource): Props {
  return { ...(r.inputs ?? {}), ...(r.outputs ?? {}) };
}

/** The URN's last component: the name a reader recognises. */
export function urnName(urn: string): string {
  const i = urn.lastIndexOf("::");
  return i < 0 ? urn : urn.slice(i + 2);
}

export const str = (v: unknown): string | undefined =>
  typeof v === "string" && v !== "" && v !== UNKNOWN ? v : undefined;

export const num = (v: unknown): number | undefined => {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
};

export const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(str).filter((s): s is string => s !== undefined) : [];

export const objs = (v: unknown): Props[] => (Array.isArray(v) ? v.filter(isObject) : []);

/** Whether any value under `v` is the unknown sentinel (a preview export): the shape cannot be trusted. */
export function hasUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(hasUnknown);
  if (isObject(v)) return Object.values(v).some(hasUnknown);
  return false;
}

export const tagsOf = (p: Props): Record<string, string> => {
  const t = isObject(p.tags) ? p.tags : {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(t)) if (typeof v === "string") out[k] = v;
  return out;
};

/** Normalises an IP protocol as NACLs and security groups spell it: "-1"/"all", names or numbers. */
export function protocolOf(v: unknown): "all" | "tcp" | "udp" | "icmp" | "other" | undefined {
  const s = typeof v === "number" ? String(v) : str(v)?.toLowerCase();
  if (s === undefined) return undefined;
  if (s === "-1" || s === "all") return "all";
  if (s === "tcp" || s === "6") return "tcp";
  if (s === "udp" || s === "17") return "udp";
  if (s === "icmp" || s === "1") return "icmp";
  return "other";
}
