/**
 * Evaluates flow cases against a stack export: every (source placement, destination placement) pair is
 * walked; a case is allowed when every pair is, denied when every pair is, partial otherwise. Anything the
 * evaluator cannot read or model makes the case undecidable, which never passes.
 */
import { listEnis, modelClusterSecurityGroups, type Eni } from "./enis";
import { evaluatePath } from "./path";
import { resolveEndpoint } from "./selectors";
import { buildTopology, type Topology } from "./topology";
import type {
  Decision,
  ExportResource,
  FlowCase,
  FlowVerdict,
  Layer,
  PathResult,
  VerifyOptions,
} from "./types";

export const DEFAULT_EPHEMERAL = { from: 32768, to: 60999 } as const;
const ALL_LAYERS: readonly Layer[] = ["sg", "nacl", "firewall"];

/** The evaluator's view of an export, built once and shared by many cases. */
export function prepare(resources: readonly ExportResource[]): Topology {
  const t = buildTopology(resources);
  modelClusterSecurityGroups(t);
  return t;
}

function summarize(c: FlowCase, verdict: Decision, paths: readonly PathResult[], problem?: string): string {
  if (problem) return problem;
  const wanted = c.expect;
  const against = paths.find((p) => p.decision !== wanted) ?? paths[0];
  if (!against) return "no path";
  const decisive =
    against.hops.find((h) => h.decision === "deny") ??
    against.hops.find((h) => h.decision === "undecidable") ??
    against.hops.find((h) => h.decision === "partial") ??
    [...against.hops].reverse().find((h) => h.layer !== "route") ??
    against.hops[against.hops.length - 1];
  const where = `${against.from} -> ${against.to}`;
  if (!decisive) return `${verdict}: ${where}`;
  return `${verdict}: ${where}: ${decisive.direction} ${decisive.layer} ${decisive.at}: ${decisive.rule}`;
}

const eniCache = new WeakMap<Topology, Eni[]>();
function enisOf(t: Topology): Eni[] {
  let enis = eniCache.get(t);
  if (!enis) eniCache.set(t, (enis = listEnis(t)));
  return enis;
}

export function verifyCase(t: Topology, c: FlowCase, options: VerifyOptions = {}): FlowVerdict {
  const base = {
    id: c.id,
    description: c.description,
    protocol: c.protocol,
    port: c.port,
    expect: c.expect,
    cite: c.cite,
  };
  const fail = (reason: string): FlowVerdict => ({
    ...base,
    verdict: "undecidable",
    pass: false,
    reason,
    paths: [],
  });
  if (t.problems.length > 0)
    return fail(`the export holds what the evaluator cannot model: ${t.problems.join("; ")}`);
  const enis = enisOf(t);
  const from = resolveEndpoint(t, c.from, enis);
  if (typeof from === "string") return fail(`from: ${from}`);
  const to = resolveEndpoint(t, c.to, enis);
  if (typeof to === "string") return fail(`to: ${to}`);
  const layers = new Set(c.layers ?? ALL_LAYERS);
  const ephemeral = options.ephemeralPorts ?? DEFAULT_EPHEMERAL;
  const paths: PathResult[] = [];
  for (const s of from)
    for (const d of to) paths.push(evaluatePath(t, s, d, c.protocol, c.port, ephemeral, layers));
  const ds = new Set(paths.map((p) => p.decision));
  let verdict: Decision;
  if (ds.has("undecidable")) verdict = "undecidable";
  else if (ds.size === 1) verdict = [...ds][0]!;
  else verdict = "partial";
  return { ...base, verdict, pass: verdict === c.expect, reason: summarize(c, verdict, paths), paths };
}

export function verifyFlows(
  resources: readonly ExportResource[],
  cases: readonly FlowCase[],
  options: VerifyOptions = {},
): FlowVerdict[] {
  const t = prepare(resources);
  return cases.map((c) => verifyCase(t, c, options));
}
