/**
 * Images of the kube-prometheus-stack chart (https://prometheus-community.github.io/helm-charts), which
 * SecurityMonitoring deploys, built the way its templates build them (tag kube-prometheus-stack-88.5.3 of
 * github.com/prometheus-community/helm-charts, templates/prometheus-operator/deployment.yaml and the
 * Prometheus, Alertmanager and webhook templates; the kube-state-metrics 8.4.0, prometheus-node-exporter
 * 4.56.1 and grafana 12.11.1 sub-charts): `<global.imageRegistry | image.registry>/<image.repository>:
 * <image.tag | the chart's default>[@sha256:<image.sha>]`, for each part the values leave enabled.
 *
 * The generic Helm reading (helm.ts) sees only the images a release's values name; this one also decides
 * the parts a release leaves at the chart's defaults (node-exporter, the webhook job, Grafana's sidecar),
 * so a user's own kube-prometheus-stack release with default values is not silently passed.
 */
import {
  KUBE_PROMETHEUS_STACK_CHART,
  MONITORING_IMAGES,
} from "../../../components/observability/securityMonitoring.logic";
import { isObject, str } from "../network/props";
import type { ExportResource, ImageSource } from "./types";
import { desired, opaque } from "./workloads";

export const KUBE_PROMETHEUS_STACK_REPO = KUBE_PROMETHEUS_STACK_CHART.repo;

interface ChartImage {
  /** The values path of the `image` object. */
  readonly path: string;
  readonly registry: string;
  readonly repository: string;
  /** The tag the chart uses when `image.tag` is empty (its or its sub-chart's appVersion). */
  readonly tag: string;
  /** Whether the part is deployed, from the values (defaults as in the chart's values.yaml). */
  readonly enabled: (v: Values) => boolean;
  readonly what: string;
}

type Values = Record<string, unknown>;

function get(v: Values, path: string): unknown {
  let cur: unknown = v;
  for (const k of path.split(".")) cur = isObject(cur) ? cur[k] : undefined;
  return cur;
}
/** A boolean switch with the chart's default when unset. */
const on = (v: Values, path: string, fallback: boolean): boolean => {
  const x = get(v, path);
  return typeof x === "boolean" ? x : fallback;
};

const operator = (v: Values) => on(v, "prometheusOperator.enabled", true);
const webhooks = (v: Values) => operator(v) && on(v, "prometheusOperator.admissionWebhooks.enabled", true);

/**
 * Every image the chart can deploy, with the defaults of kube-prometheus-stack 88.5.3 (appVersion v0.93.1).
 * The parts SecurityMonitoring deploys take their defaults from its pinned table (one owner per fact);
 * the others were read in the same chart version's values.
 */
export const KUBE_PROMETHEUS_STACK_IMAGES: readonly ChartImage[] = [
  {
    path: "prometheusOperator.image",
    ...MONITORING_IMAGES.operator,
    enabled: operator,
    what: "the Prometheus operator",
  },
  {
    path: "prometheusOperator.prometheusConfigReloader.image",
    ...MONITORING_IMAGES.configReloader,
    enabled: operator,
    what: "the config reloader the operator adds to Prometheus and Alertmanager pods",
  },
  {
    path: "prometheusOperator.admissionWebhooks.deployment.image",
    registry: "quay.io",
    repository: "prometheus-operator/admission-webhook",
    tag: "v0.93.1",
    enabled: (v) => webhooks(v) && on(v, "prometheusOperator.admissionWebhooks.deployment.enabled", false),
    what: "the operator's admission webhook",
  },
  {
    path: "prometheusOperator.admissionWebhooks.patch.image",
    registry: "ghcr.io",
    repository: "jkroepke/kube-webhook-certgen",
    tag: "1.8.7",
    enabled: (v) =>
      webhooks(v) &&
      on(v, "prometheusOperator.admissionWebhooks.patch.enabled", true) &&
      !on(v, "prometheusOperator.admissionWebhooks.certManager.enabled", false),
    what: "the webhook certificate Job",
  },
  {
    path: "prometheus.prometheusSpec.image",
    ...MONITORING_IMAGES.prometheus,
    enabled: (v) => on(v, "prometheus.enabled", true),
    what: "Prometheus",
  },
  {
    path: "alertmanager.alertmanagerSpec.image",
    ...MONITORING_IMAGES.alertmanager,
    enabled: (v) => on(v, "alertmanager.enabled", true),
    what: "Alertmanager",
  },
  {
    path: "kube-state-metrics.image",
    ...MONITORING_IMAGES.kubeStateMetrics,
    enabled: (v) => on(v, "kubeStateMetrics.enabled", true),
    what: "kube-state-metrics",
  },
  {
    path: "prometheus-node-exporter.image",
    registry: "quay.io",
    repository: "prometheus/node-exporter",
    tag: "v1.12.1",
    enabled: (v) => on(v, "nodeExporter.enabled", true),
    what: "node-exporter",
  },
  {
    path: "grafana.image",
    ...MONITORING_IMAGES.grafana,
    enabled: (v) => on(v, "grafana.enabled", true),
    what: "Grafana",
  },
  {
    path: "grafana.sidecar.image",
    registry: "quay.io",
    repository: "kiwigrid/k8s-sidecar",
    tag: "2.10.1",
    enabled: (v) =>
      on(v, "grafana.enabled", true) &&
      (on(v, "grafana.sidecar.dashboards.enabled", true) ||
        on(v, "grafana.sidecar.datasources.enabled", true)),
    what: "Grafana's dashboard and data source sidecar",
  },
];

/** Whether a release installs kube-prometheus-stack from its official repository. */
export function isKubePrometheusStack(inputs: Record<string, unknown>): boolean {
  const opts = isObject(inputs.repositoryOpts) ? inputs.repositoryOpts : {};
  const repo = (str(opts.repo) ?? str(inputs.repo))?.replace(/\/+$/, "");
  return str(inputs.chart) === "kube-prometheus-stack" && repo === KUBE_PROMETHEUS_STACK_REPO;
}

const scalar = (v: unknown): string | undefined =>
  typeof v === "number" ? String(v) : typeof v === "string" && v !== "" ? v : undefined;

/** The images of one kube-prometheus-stack release: one per enabled part. */
export function kubePrometheusStackImages(r: ExportResource): ImageSource[] {
  const inputs = desired(r);
  const base = { urn: r.urn, type: r.type };
  const hiddenValues = opaque(inputs.values);
  if (hiddenValues) return [{ ...base, path: "values", problem: `the release's values are ${hiddenValues}` }];
  const values: Values = isObject(inputs.values) ? inputs.values : {};
  const globalRegistry = get(values, "global.imageRegistry");
  const hiddenGlobal = opaque(globalRegistry);
  if (hiddenGlobal)
    return [
      { ...base, path: "values.global.imageRegistry", problem: `global.imageRegistry is ${hiddenGlobal}` },
    ];
  const out: ImageSource[] = [];
  for (const image of KUBE_PROMETHEUS_STACK_IMAGES) {
    if (!image.enabled(values)) continue;
    const path = `values.${image.path}`;
    const given = get(values, image.path);
    const obj = isObject(given) ? given : {};
    const hidden =
      opaque(given) ?? ["registry", "repository", "tag", "sha"].map((k) => opaque(obj[k])).find(Boolean);
    if (hidden) {
      out.push({ ...base, path, problem: `the image value is ${hidden}` });
      continue;
    }
    const registry = scalar(globalRegistry) ?? scalar(obj.registry) ?? image.registry;
    const repository = scalar(obj.repository) ?? image.repository;
    const tag = scalar(obj.tag) ?? image.tag;
    const sha = scalar(obj.sha);
    const defaults = [
      scalar(obj.repository) ? "" : "repository",
      scalar(obj.tag) ? "" : "tag",
      scalar(globalRegistry) || scalar(obj.registry) ? "" : "registry",
    ].filter(Boolean);
    out.push({
      ...base,
      path,
      ref: `${registry}/${repository}:${tag}${sha ? `@sha256:${sha}` : ""}`,
      note: `${image.what}${defaults.length ? `; the chart's default ${defaults.join(", ")}` : ""}`,
    });
  }
  return out;
}
