/**
 * Every image the export deploys, each decided against the registries the nodes can reach: a verdict per
 * place an image is named (Kubernetes workloads, Helm release values, EKS add-ons), with the reason.
 */
import { props, str } from "../network/props";
import { decideRegistry } from "./decide";
import { type Egress, readEgress } from "./egress";
import { helmImages, isHelmRelease } from "./helm";
import { formatImageRef, parseImageRef } from "./reference";
import { EKS_REGISTRY_ADDONS, eksAddonRegistry } from "./registries";
import type { ExportResource, ImageSource, ImageVerdict } from "./types";
import { workloadImages } from "./workloads";

/** Images listed by the user for resources whose images the export does not show, by URN. */
export type DeclaredImages = ReadonlyMap<string, readonly string[]>;

const DECLARED_PATH = "(declared images)";

function addonImages(r: ExportResource, egress: Egress): ImageSource[] {
  const base = { urn: r.urn, type: r.type, path: "addonName" };
  const name = str(props(r).addonName) ?? "(unnamed)";
  if (!EKS_REGISTRY_ADDONS.has(name))
    return [
      {
        ...base,
        problem: `the images of EKS add-on ${name} are not known here: list them (rampart verify --images FILE)`,
      },
    ];
  const registry = egress.region ? eksAddonRegistry(egress.region) : undefined;
  if (!registry)
    return [
      {
        ...base,
        problem: `no EKS add-on registry is known for Region ${egress.region ?? "(none in the export)"}`,
      },
    ];
  return [{ ...base, registry, note: `images of EKS add-on ${name}` }];
}

/** The image sources of the export, in resource order; declared images replace what could not be read. */
export function collectImages(
  resources: readonly ExportResource[],
  egress: Egress,
  declared: DeclaredImages = new Map(),
): ImageSource[] {
  const parents = new Set(resources.map((r) => r.parent).filter((p): p is string => p !== undefined));
  const out: ImageSource[] = [];
  for (const r of resources) {
    let found: ImageSource[] = [];
    if (isHelmRelease(r.type)) found = helmImages(r, parents.has(r.urn));
    else if (r.type === "aws:eks/addon:Addon") found = addonImages(r, egress);
    else found = workloadImages(r);
    const listed = declared.get(r.urn);
    if (listed) {
      // What the user lists stands in for what the export does not show (a chart's defaults).
      found = found.filter((s) => s.problem === undefined && s.registry === undefined);
      found.push(...listed.map((ref) => ({ urn: r.urn, type: r.type, path: DECLARED_PATH, ref })));
    }
    out.push(...found);
  }
  const urns = new Set(resources.map((r) => r.urn));
  for (const [urn, refs] of declared)
    if (!urns.has(urn))
      out.push({
        urn,
        type: "(not in the export)",
        path: DECLARED_PATH,
        problem: `images are listed for ${urn} (${refs.join(", ")}), which is not in the export`,
      });
  return out;
}

function decide(s: ImageSource, egress: Egress): ImageVerdict {
  const where = { urn: s.urn, type: s.type, path: s.path };
  const note = s.note ? ` (${s.note})` : "";
  if (s.problem !== undefined)
    return { image: s.ref ?? "(unknown)", ...where, verdict: "undecidable", pass: false, reason: s.problem };
  if (s.ref === undefined) {
    const registry = s.registry!;
    const d = decideRegistry(registry, egress);
    return {
      image: `${registry}/*`,
      registry,
      ...where,
      ...d,
      pass: d.verdict === "allow",
      reason: d.reason + note,
    };
  }
  const parsed = parseImageRef(s.ref);
  if (!parsed.ok)
    return { image: s.ref, ...where, verdict: "undecidable", pass: false, reason: parsed.problem };
  const d = decideRegistry(parsed.ref.registry, egress);
  return {
    image: formatImageRef(parsed.ref),
    registry: parsed.ref.registry,
    ...where,
    ...d,
    pass: d.verdict === "allow",
    reason: d.reason + note,
  };
}

export function verifyImages(
  resources: readonly ExportResource[],
  declared?: DeclaredImages,
): ImageVerdict[] {
  const egress = readEgress(resources);
  return collectImages(resources, egress, declared).map((s) => decide(s, egress));
}
