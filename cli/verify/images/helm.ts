/**
 * Images in Helm releases, read from the values Pulumi passes to the chart. Charts name their images in
 * a few common shapes, found at any depth: `image: "ref"`, and `image: {registry?, repository, tag?,
 * digest?}` with `global.imageRegistry` overriding the registry (the Bitnami convention, which many
 * charts follow). A release whose values name no image deploys the chart's defaults, which the export
 * does not show: undecidable, unless the chart is one of the few whose default image is known here.
 * @see https://github.com/bitnami/charts/blob/main/bitnami/common/templates/_images.tpl (common.images.image)
 */
import {
  DCGM_EXPORTER_CHART,
  NVIDIA_DEVICE_PLUGIN_CHART,
} from "../../../components/compute/gpuNodePool.logic";
import { FLUENT_BIT_CHART } from "../../../components/observability/logShipper.logic";
import { isObject, str } from "../network/props";
import { istioChart, istioImages } from "./istio";
import { isKubePrometheusStack, kubePrometheusStackImages } from "./kubePrometheusStack";
import { isKyvernoChart, kyvernoChartImages } from "./kyverno";
import { isVaultChart, vaultChartImages } from "./vault";
import type { ExportResource, ImageSource } from "./types";
import { desired, opaque } from "./workloads";

export const HELM_RELEASE_TYPES = ["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart"] as const;

/**
 * Charts whose default image is known, so that a release overriding nothing (or only the tag) is still
 * decided. Kept tiny on purpose: each entry is a chart Rampart deploys, its image verified in the chart's
 * values.yaml (components/compute/gpuNodePool.logic.ts and components/observability/logShipper.logic.ts
 * cite them).
 */
const KNOWN_CHARTS = [NVIDIA_DEVICE_PLUGIN_CHART, DCGM_EXPORTER_CHART, FLUENT_BIT_CHART];

function knownChart(inputs: Record<string, unknown>): (typeof KNOWN_CHARTS)[number] | undefined {
  const chart = str(inputs.chart);
  const opts = isObject(inputs.repositoryOpts) ? inputs.repositoryOpts : {};
  const repo = str(opts.repo) ?? str(inputs.repo);
  const norm = (u: string | undefined) => u?.replace(/\/+$/, "");
  return KNOWN_CHARTS.find((k) => k.chart === chart && norm(k.repo) === norm(repo));
}

const scalar = (v: unknown): string | undefined =>
  typeof v === "number" ? String(v) : typeof v === "string" && v !== "" ? v : undefined;

/** `[registry/]repository[@digest | :tag]`, as the Bitnami helper writes it (a digest wins over a tag). */
function refFromObject(o: Record<string, unknown>, registry: string | undefined, repository: string): string {
  const digest = scalar(o.digest);
  const tag = scalar(o.tag);
  const name = registry ? `${registry}/${repository}` : repository;
  return digest ? `${name}@${digest}` : tag ? `${name}:${tag}` : name;
}

interface Found {
  readonly path: string;
  readonly ref?: string;
  readonly problem?: string;
  /** An `image` object without a repository (only a tag, a pull policy): the chart's default repository. */
  readonly partial?: Record<string, unknown>;
}

/** Every `image` value under `v`, with its path; stops at opaque values on the way to one. */
function findImages(v: unknown, path: string, globalRegistry: string | undefined, out: Found[]): void {
  if (Array.isArray(v)) {
    v.forEach((x, i) => findImages(x, `${path}[${i}]`, globalRegistry, out));
    return;
  }
  if (!isObject(v)) return;
  for (const [key, value] of Object.entries(v)) {
    const here = `${path}.${key}`;
    if (key !== "image") {
      findImages(value, here, globalRegistry, out);
      continue;
    }
    const hidden = opaque(value);
    if (hidden) out.push({ path: here, problem: `the image value is ${hidden}` });
    else if (typeof value === "string") out.push({ path: here, ref: value });
    else if (isObject(value)) {
      const repository = scalar(value.repository);
      const registry = globalRegistry ?? scalar(value.registry);
      if (repository) out.push({ path: here, ref: refFromObject(value, registry, repository) });
      else out.push({ path: here, partial: value });
    }
  }
}

export function isHelmRelease(type: string): boolean {
  return (HELM_RELEASE_TYPES as readonly string[]).includes(type);
}

/**
 * The images of one Helm release. `hasChildren`: the release's rendered objects are in the export as
 * resources of their own (a v4 Chart registers them), whose images are read directly.
 */
export function helmImages(r: ExportResource, hasChildren: boolean): ImageSource[] {
  const inputs = desired(r);
  // Istio's charts build their images from hub/tag values, not `image` objects (cli/verify/images/istio.ts).
  const istio = istioChart(inputs);
  if (istio) return istioImages(r, istio);
  // kube-prometheus-stack deploys parts its values may not name (cli/verify/images/kubePrometheusStack.ts).
  if (isKubePrometheusStack(inputs)) return kubePrometheusStackImages(r);
  // HashiCorp's vault chart: the server, and the injector and CSI provider when they are on.
  if (isVaultChart(inputs)) return vaultChartImages(r);
  // Kyverno's chart: the admission controller, and the other controllers and hooks when they are on.
  if (isKyvernoChart(inputs)) return kyvernoChartImages(r);
  const base = { urn: r.urn, type: r.type };
  const values = inputs.values;
  const hiddenValues = opaque(values);
  if (hiddenValues) return [{ ...base, path: "values", problem: `the release's values are ${hiddenValues}` }];
  const global = isObject(values) && isObject(values.global) ? values.global : {};
  const hiddenGlobal = opaque(global.imageRegistry);
  if (hiddenGlobal)
    return [
      { ...base, path: "values.global.imageRegistry", problem: `global.imageRegistry is ${hiddenGlobal}` },
    ];
  const known = knownChart(inputs);
  // The known charts do not follow the Bitnami convention: their templates never read global.imageRegistry.
  const globalRegistry = known ? undefined : scalar(global.imageRegistry);
  const found: Found[] = [];
  findImages(values, "values", globalRegistry, found);
  const out: ImageSource[] = [];
  for (const f of found) {
    if (f.ref !== undefined) out.push({ ...base, path: f.path, ref: f.ref });
    else if (f.problem) out.push({ ...base, path: f.path, problem: f.problem });
    else if (known && f.path === "values.image") {
      out.push({
        ...base,
        path: f.path,
        ref: refFromObject(f.partial!, known.image.registry, known.image.repository),
        note: `the chart's default repository ${known.image.registry}/${known.image.repository}`,
      });
    } else {
      out.push({
        ...base,
        path: f.path,
        problem:
          "the image value has no repository (expected a string or {registry?, repository, tag?, digest?})",
      });
    }
  }
  // A known chart deploys its own image unless `values.image` names another: decide that one too.
  if (known && !found.some((f) => f.path === "values.image")) {
    const name = `${known.image.registry}/${known.image.repository}`;
    out.push({
      ...base,
      path: "values.image",
      ref: name,
      note: `the chart's default image (${name}), as its values name none`,
    });
  }
  if (out.length > 0) return out;
  if (globalRegistry) {
    return [
      {
        ...base,
        path: "values.global.imageRegistry",
        registry: globalRegistry,
        note: "charts following the Bitnami convention pull every image from global.imageRegistry",
      },
    ];
  }
  if (hasChildren) return [];
  const files = Array.isArray(inputs.valueYamlFiles) && inputs.valueYamlFiles.length > 0;
  return [
    {
      ...base,
      path: "values",
      problem:
        `the release's values name no image${files ? " (its valueYamlFiles are not in the export)" : ""}, ` +
        "so it deploys the chart's default images, which the export does not show: set the chart's image " +
        "values (image.repository, or image.registry with global.imageRegistry) to the registry the nodes " +
        "pull from, or list the release's images (rampart verify --images FILE)",
    },
  ];
}
