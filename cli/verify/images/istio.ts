/**
 * Images of Istio's official charts (https://istio-release.storage.googleapis.com/charts), built the way
 * their templates build them (istio/istio at 1.30.3, manifests/charts):
 *
 * - `istiod` (istio-control/istio-discovery/templates/deployment.yaml): `pilot` from
 *   `{{ .Values.hub | default .Values.global.hub }}/{{ .Values.image | default "pilot" }}:{{ .Values.tag |
 *   default .Values.global.tag }}` (+ `-<variant>`), or `image` verbatim when it holds a "/". Its injection
 *   templates (files/injection-template.yaml, gateway-injection-template.yaml) put the proxy,
 *   `global.hub`/`global.proxy.image` (`proxyv2`):`global.tag` (pkg/kube/inject/inject.go, ProxyImage),
 *   into every sidecar and every gateway pod.
 * - `cni` (istio-cni/templates/daemonset.yaml): `install-cni` from `hub`/`global.hub`, `tag`/`global.tag`.
 * - `gateway` (gateway/templates/deployment.yaml): `image: auto`, filled in by istiod's injector: the
 *   proxy image is decided on the istiod release.
 * - `base`: CRDs and cluster roles, no image.
 *
 * The source tree's values say `hub: registry.istio.io/testing`, `tag: latest`; the published charts carry
 * `docker.io/istio` and the release's version, which is what a release overriding neither pulls.
 * @see https://istio.io/latest/docs/setup/install/helm/
 */
import { isObject, str } from "../network/props";
import type { ExportResource, ImageSource } from "./types";
import { desired, opaque } from "./workloads";

export const ISTIO_CHART_REPO = "https://istio-release.storage.googleapis.com/charts";
/** Where Istio publishes its release images. */
export const ISTIO_RELEASE_HUB = "docker.io/istio";

const ISTIO_CHARTS = ["base", "cni", "istiod", "gateway"];

/** The Istio chart a release installs, when it is one (chart name and the official repository). */
export function istioChart(inputs: Record<string, unknown>): string | undefined {
  const chart = str(inputs.chart);
  const opts = isObject(inputs.repositoryOpts) ? inputs.repositoryOpts : {};
  const repo = (str(opts.repo) ?? str(inputs.repo))?.replace(/\/+$/, "");
  return chart && ISTIO_CHARTS.includes(chart) && repo === ISTIO_CHART_REPO ? chart : undefined;
}

interface Part {
  readonly value?: string;
  readonly problem?: string;
  /** The values path it came from, or undefined for a default. */
  readonly from?: string;
}

/** The first set value among `paths` (dotted, under `values`), or the default. */
function pick(values: Record<string, unknown>, paths: readonly string[], fallback?: string): Part {
  for (const p of paths) {
    let v: unknown = values;
    for (const k of p.split(".")) v = isObject(v) ? v[k] : undefined;
    const hidden = opaque(v);
    if (hidden) return { problem: `values.${p} is ${hidden}`, from: p };
    if (typeof v === "string" && v !== "") return { value: v, from: p };
  }
  return fallback !== undefined ? { value: fallback } : {};
}

function build(
  base: Pick<ImageSource, "urn" | "type">,
  path: string,
  hub: Part,
  image: Part,
  tag: Part,
  variant: Part,
  note: string,
): ImageSource {
  const problem = image.problem ?? hub.problem ?? tag.problem ?? variant.problem;
  if (problem) return { ...base, path, problem };
  if (image.value!.includes("/"))
    return { ...base, path, ref: image.value!, note: `${note}; the image is named in full` };
  if (!tag.value)
    return {
      ...base,
      path,
      problem: "neither the tag values nor the release's version say which Istio tag is pulled",
    };
  const ref = `${hub.value}/${image.value}:${tag.value}${variant.value ? `-${variant.value}` : ""}`;
  const defaults = [
    hub.from ? "" : `hub ${hub.value}`,
    tag.from ? "" : `tag ${tag.value} (the chart version)`,
  ]
    .filter(Boolean)
    .join(", ");
  return { ...base, path, ref, note: defaults ? `${note}; the published chart's default ${defaults}` : note };
}

/** The images of one Istio chart release (none for `base` and `gateway`, whose proxy istiod injects). */
export function istioImages(r: ExportResource, chart: string): ImageSource[] {
  const inputs = desired(r);
  const base = { urn: r.urn, type: r.type };
  const hiddenValues = opaque(inputs.values);
  if (hiddenValues) return [{ ...base, path: "values", problem: `the release's values are ${hiddenValues}` }];
  const values = isObject(inputs.values) ? inputs.values : {};
  const version: Part = str(inputs.version) ? { value: str(inputs.version) } : {};
  const orVersion = (p: Part): Part => (p.value || p.problem ? p : version);
  const globalHub = pick(values, ["global.hub"], ISTIO_RELEASE_HUB);
  const globalTag = orVersion(pick(values, ["global.tag"]));
  const globalVariant = pick(values, ["global.variant"], "");
  if (chart === "istiod")
    return [
      build(
        base,
        "values.image",
        pick(values, ["hub", "global.hub"], ISTIO_RELEASE_HUB),
        pick(values, ["image"], "pilot"),
        orVersion(pick(values, ["tag", "global.tag"])),
        pick(values, ["variant", "global.variant"], ""),
        "istiod (pilot)",
      ),
      build(
        base,
        "values.global.proxy.image",
        globalHub,
        pick(values, ["global.proxy.image"], "proxyv2"),
        globalTag,
        globalVariant,
        "the proxy istiod injects into every sidecar and gateway pod",
      ),
    ];
  if (chart === "cni")
    return [
      build(
        base,
        "values.image",
        pick(values, ["hub", "global.hub"], ISTIO_RELEASE_HUB),
        pick(values, ["image"], "install-cni"),
        orVersion(pick(values, ["tag", "global.tag"])),
        pick(values, ["variant", "global.variant"], ""),
        "istio-cni (install-cni)",
      ),
    ];
  return [];
}
