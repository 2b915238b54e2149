/**
 * Images of Kyverno's chart (https://kyverno.github.io/kyverno), which SupplyChain's image admission
 * deploys, built the way its templates build them (github.com/kyverno/kyverno at v1.19.0, chart 3.9.0:
 * _helpers/_image.tpl `kyverno.image`, the controllers' _helpers.tpl, admission-controller/deployment.yaml,
 * hooks/*.yaml): `<registry>/<repository>:<tag>`, where the registry is the image's own `registry`, else
 * `global.image.registry`, else the image's `defaultRegistry` (reg.kyverno.io; ghcr.io for the hooks,
 * whose own `registry` is set, so the global one does not reach them), and the tag defaults to the
 * chart's appVersion. One image per part the values leave enabled:
 *
 * - the admission controller and its init container (always);
 * - the background, cleanup and reports controllers (each on by default, `<part>.enabled`);
 * - the post-upgrade CRD migration hook (`crds.migration.enabled`, on) and the pre-delete webhook cleanup
 *   hooks (`webhooksCleanup.enabled`, on): Helm runs them on upgrade and uninstall, on the same nodes.
 *
 * The generic Helm reading (helm.ts) would see only the images a release's values name; this one also
 * decides the parts left at the chart's defaults, so a Kyverno release with default values is not passed.
 */
import {
  KYVERNO_APP_VERSION,
  KYVERNO_CHART,
  KYVERNO_IMAGES,
} from "../../../components/supplychain/supplyChain.admission.logic";
import { isObject, str } from "../network/props";
import type { ExportResource, ImageSource } from "./types";
import { desired, opaque } from "./workloads";

type Values = Record<string, unknown>;

function get(v: Values, path: string): unknown {
  let cur: unknown = v;
  for (const k of path.split(".")) cur = isObject(cur) ? cur[k] : undefined;
  return cur;
}

/** Whether a release installs Kyverno's chart from its repository (or the chart `kyverno/kyverno`). */
export function isKyvernoChart(inputs: Record<string, unknown>): boolean {
  const opts = isObject(inputs.repositoryOpts) ? inputs.repositoryOpts : {};
  const repo = (str(opts.repo) ?? str(inputs.repo))?.replace(/\/+$/, "");
  const chart = str(inputs.chart);
  return (chart === KYVERNO_CHART.chart && repo === KYVERNO_CHART.repo) || chart === "kyverno/kyverno";
}

/** The part an image belongs to is on: `<part>.enabled` for the optional controllers and hooks. */
const SWITCHES: Readonly<Record<string, string>> = {
  "backgroundController.image": "backgroundController.enabled",
  "cleanupController.image": "cleanupController.enabled",
  "reportsController.image": "reportsController.enabled",
  "crds.migration.image": "crds.migration.enabled",
  "webhooksCleanup.image": "webhooksCleanup.enabled",
};

function enabled(v: Values, imagePath: string): boolean {
  const sw = SWITCHES[imagePath];
  if (!sw) return true;
  const x = get(v, sw);
  return !(x === false || x === "false");
}

const scalar = (v: unknown): string | undefined =>
  typeof v === "number" ? String(v) : typeof v === "string" && v !== "" ? v : undefined;

/** The ports the API server calls on the admission controller (`admissionController.webhookServer.port`). */
export function kyvernoWebhookPort(r: ExportResource): number | undefined {
  const inputs = desired(r);
  if (!isKyvernoChart(inputs)) return undefined;
  const values: Values = isObject(inputs.values) ? inputs.values : {};
  const port = get(values, "admissionController.webhookServer.port");
  return typeof port === "number" ? port : 9443;
}

/** The images of one Kyverno release: one per enabled part. */
export function kyvernoChartImages(r: ExportResource): ImageSource[] {
  const inputs = desired(r);
  const base = { urn: r.urn, type: r.type };
  const hiddenValues = opaque(inputs.values);
  if (hiddenValues) return [{ ...base, path: "values", problem: `the release's values are ${hiddenValues}` }];
  const values: Values = isObject(inputs.values) ? inputs.values : {};
  const hiddenGlobal = opaque(get(values, "global.image.registry"));
  if (hiddenGlobal)
    return [{ ...base, path: "values.global.image.registry", problem: `the registry is ${hiddenGlobal}` }];
  const global = scalar(get(values, "global.image.registry"));
  const out: ImageSource[] = [];
  for (const image of KYVERNO_IMAGES) {
    if (!enabled(values, image.path)) continue;
    const path = `values.${image.path}`;
    const given = get(values, image.path);
    const obj = isObject(given) ? given : {};
    const hidden =
      opaque(given) ?? ["registry", "repository", "tag"].map((k) => opaque(obj[k])).find(Boolean);
    if (hidden) {
      out.push({ ...base, path, problem: `the image value is ${hidden}` });
      continue;
    }
    // The hooks' own registry (ghcr.io) is a value of the chart: only a value given in the release
    // replaces it; the controllers' own registry is empty by default, so the global one applies.
    const own = scalar(obj.registry);
    const registry = own ?? (image.own ? image.registry : (global ?? image.registry));
    const repository = scalar(obj.repository) ?? image.repository;
    const tag = scalar(obj.tag) ?? KYVERNO_APP_VERSION;
    const from = own
      ? ""
      : image.own
        ? "; the chart's own registry"
        : global
          ? "; global.image.registry"
          : "; the chart's default registry";
    out.push({ ...base, path, ref: `${registry}/${repository}:${tag}`, note: `${image.what}${from}` });
  }
  return out;
}
