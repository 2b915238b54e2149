import { ISTIO_PORTS } from "../workloads/inferenceNamespace.mesh.defaults";
import { cidrProblem } from "../network/subnetPlan";
import { DEFAULT_MODEL_PORT } from "../shared/ports";
import { Problems, type ArgProblem } from "../shared/problems";
import type { SecurityAlertThresholds, SecurityMonitoringArgs } from "./securityMonitoring.args";

/**
 * The facts SecurityMonitoring's pieces share (names, ports, the pinned chart and its images), its
 * defaults resolved once, and `validateSecurityMonitoringArgs`.
 */

export const KUBE_PROMETHEUS_STACK_CHART = {
  chart: "kube-prometheus-stack",
  repo: "https://prometheus-community.github.io/helm-charts",
} as const;

/**
 * The kube-prometheus-stack chart Rampart pins (the stack's config default): 88.5.3, the newest release in
 * github.com/prometheus-community/helm-charts (tag kube-prometheus-stack-88.5.3, commit
 * ea930baeebeba39f56d6b44e351f23b2a072a600; charts/kube-prometheus-stack/Chart.yaml: appVersion v0.93.1,
 * dependencies kube-state-metrics 8.4.0 and grafana 12.11.1 from https://grafana-community.github.io/helm-charts).
 * Every value we set was read in that tag's values.yaml and templates.
 */
export const TESTED_KUBE_PROMETHEUS_STACK_CHART = "88.5.3";

/**
 * The images the release deploys with our values, each verified in the values.yaml of the chart version
 * above (and of its kube-state-metrics 8.4.0 and grafana 12.11.1 sub-charts). Tags are pinned here rather
 * than left to the charts' `appVersion` defaults, so the images rung (cli/verify/images) reads exactly what
 * is pulled. Copy them to `<imageRegistry>/<repository>:<tag>` when a mirror is used.
 */
export const MONITORING_IMAGES = {
  /** kube-prometheus-stack values.yaml `prometheusOperator.image` (tag: the chart's appVersion). */
  operator: { registry: "quay.io", repository: "prometheus-operator/prometheus-operator", tag: "v0.93.1" },
  /** `prometheusOperator.prometheusConfigReloader.image` (appVersion). */
  configReloader: {
    registry: "quay.io",
    repository: "prometheus-operator/prometheus-config-reloader",
    tag: "v0.93.1",
  },
  /** `prometheus.prometheusSpec.image`. */
  prometheus: { registry: "quay.io", repository: "prometheus/prometheus", tag: "v3.14.0-distroless" },
  /** `alertmanager.alertmanagerSpec.image`. */
  alertmanager: { registry: "quay.io", repository: "prometheus/alertmanager", tag: "v0.34.0" },
  /** kube-state-metrics 8.4.0 values.yaml `image` (tag: `v` + its appVersion 2.20.0). */
  kubeStateMetrics: {
    registry: "registry.k8s.io",
    repository: "kube-state-metrics/kube-state-metrics",
    tag: "v2.20.0",
  },
  /** grafana 12.11.1 values.yaml `image` (tag: its appVersion 13.2.0). */
  grafana: { registry: "docker.io", repository: "grafana/grafana", tag: "13.2.0" },
} as const;
export type MonitoringImage = keyof typeof MONITORING_IMAGES;

/** Names inside the cluster that other components and the NetworkPolicies rely on. */
export const MONITORING_NAMES = {
  namespace: "monitoring",
  /** Helm release name; it contains the chart name, so it is also every object's `fullname` prefix. */
  release: "kube-prometheus-stack",
  /** The mesh's and the inference namespaces' policies admit `monitoring/prometheus` (NAMESPACE_MESH_DEFAULTS.scraper). */
  prometheusServiceAccount: "prometheus",
  alertmanagerServiceAccount: "alertmanager",
  grafanaServiceAccount: "grafana",
  /** Services the chart creates (`<fullname>-prometheus`, `<fullname>-alertmanager`). */
  prometheusService: "kube-prometheus-stack-prometheus",
  alertmanagerService: "kube-prometheus-stack-alertmanager",
  /** Our secrets, referenced by Grafana's `existingSecret` and `envValueFrom`. */
  grafanaAdminSecret: "grafana-admin",
  grafanaOauthSecret: "grafana-oauth",
  dashboardConfigMap: "grafana-security-dashboard",
  /** The scrape class whose TLS files are the Istio workload certificate of Prometheus's sidecar. */
  istioScrapeClass: "istio-mtls",
} as const;

/** Pod labels the chart and the operator set (templates at kube-prometheus-stack-88.5.3). */
export const MONITORING_POD_LABELS = {
  prometheus: { "app.kubernetes.io/name": "prometheus" },
  alertmanager: { "app.kubernetes.io/name": "alertmanager" },
  /** templates/prometheus-operator/deployment.yaml: `app: <chart name>-operator`. */
  operator: { app: "kube-prometheus-stack-operator" },
  kubeStateMetrics: { "app.kubernetes.io/name": "kube-state-metrics" },
  grafana: { "app.kubernetes.io/name": "grafana" },
} as const;

/** Container ports (pods' ports, which NetworkPolicies name). */
export const MONITORING_PORTS = {
  prometheus: 9090,
  alertmanager: 9093,
  /** Alertmanager's gossip between replicas (TCP and UDP). */
  alertmanagerCluster: 9094,
  /** The operator's web port with TLS off (see the values: its TLS certificate comes from the webhook job). */
  operator: 8080,
  kubeStateMetrics: 8080,
  grafana: 3000,
  /** Config reloader sidecars' metrics. */
  configReloader: 8080,
} as const;

/**
 * Ports scraped outside the namespace. istiod serves control-plane metrics on 15014; every sidecar and
 * gateway serves Envoy's and the agent's metrics merged on 15020 at /stats/prometheus (the mesh and the
 * inference namespaces admit the scraper on 15020, not on Envoy's own 15090); the DCGM exporter on 9400.
 * https://istio.io/latest/docs/ops/deployment/application-requirements/#ports-used-by-istio
 */
export const SCRAPE_PORTS = {
  istiod: 15014,
  mergedMetrics: ISTIO_PORTS.mergedMetrics,
  dcgmExporter: 9400,
} as const;

/** The contract's defaults, resolved once. */
export const SECURITY_MONITORING_DEFAULTS = {
  storageSize: "50Gi",
  thresholds: {
    authFailuresPerSecond: 1,
    authzDenialsPerSecond: 1,
    throttledPerSecond: 5,
    userSpikeFactor: 5,
    gpuSaturationPercent: 95,
  } satisfies Required<SecurityAlertThresholds>,
  /** A user's spike alerts only above this rate (requests/s over 5 minutes): a quiet user doubling is noise. */
  userSpikeMinRequestsPerSecond: 0.5,
  /** Model server metrics ports scraped in the inference namespaces (`/metrics`). */
  modelMetricsPorts: [DEFAULT_MODEL_PORT] as readonly number[],
  /** Prometheus and Alertmanager replicas (one Alertmanager avoids gossip; alerts are at least once anyway). */
  prometheusReplicas: 1,
  alertmanagerReplicas: 1,
  alertmanagerStorageSize: "2Gi",
  helmTimeoutSeconds: 900,
  /** Per-user series are one per user per response code: the gateway's scrape fails above this. */
  gatewaySampleLimit: 50_000,
} as const;

export type ResolvedThresholds = Required<SecurityAlertThresholds>;

export function resolveThresholds(t: SecurityAlertThresholds | undefined): ResolvedThresholds {
  return { ...SECURITY_MONITORING_DEFAULTS.thresholds, ...stripUndefined(t ?? {}) };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
const SEMVER = /^\d+\.\d+\.\d+$/;
const REGISTRY = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?(\/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)*$/;

function httpsUrl(v: unknown): boolean {
  if (typeof v !== "string") return false;
  try {
    return new URL(v).protocol === "https:";
  } catch {
    return false;
  }
}

/** Every problem with the plain parts of the Args (Inputs from other resources are not checked here). */
export function validateSecurityMonitoringArgs(
  args: Omit<
    SecurityMonitoringArgs,
    "kubeProvider" | "alertTopicArn" | "alertTopicKeyArn" | "region" | "clusterName"
  >,
): ArgProblem[] {
  const p = new Problems();
  if (!SEMVER.test(args.chartVersion ?? ""))
    p.at(
      ["chartVersion"],
      args.chartVersion,
      `is not a chart version (expected x.y.z, e.g. "${TESTED_KUBE_PROMETHEUS_STACK_CHART}")`,
    );
  if (args.imageRegistry !== undefined && !REGISTRY.test(args.imageRegistry))
    p.at(
      ["imageRegistry"],
      args.imageRegistry,
      "is not a registry prefix (expected host[/path], e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror)",
    );
  if (!Number.isInteger(args.retentionDays) || args.retentionDays < 1)
    p.at(["retentionDays"], args.retentionDays, "must be a whole number of days, at least 1");
  if (args.storageSize !== undefined && !QUANTITY.test(args.storageSize))
    p.at(["storageSize"], args.storageSize, 'is not a Kubernetes quantity (expected e.g. "50Gi")');
  if (!Array.isArray(args.vpcCidrs) || args.vpcCidrs.length === 0)
    p.at(["vpcCidrs"], args.vpcCidrs, "must list the VPC's CIDRs (at least one)");
  for (const key of ["vpcCidrs", "controlPlaneCidrs"] as const)
    (args[key] ?? []).forEach((cidr, i) => {
      const problem = cidrProblem(cidr);
      if (problem) p.at([key, i], cidr, problem);
    });
  const seen = new Set<string>();
  (args.inferenceNamespaces ?? []).forEach((ns, i) => {
    if (!DNS_LABEL.test(ns)) p.at(["inferenceNamespaces", i], ns, "is not a namespace name (DNS-1123 label)");
    if (seen.has(ns)) p.at(["inferenceNamespaces", i], ns, "is listed twice");
    seen.add(ns);
  });
  for (const [i, port] of (args.modelMetricsPorts ?? []).entries())
    if (!Number.isInteger(port) || port < 1 || port > 65535 || (port >= 15000 && port <= 15090))
      p.at(["modelMetricsPorts", i], port, "must be a port 1-65535 outside Istio's 15000-15090");
  const t = args.thresholds ?? {};
  for (const key of ["authFailuresPerSecond", "authzDenialsPerSecond", "throttledPerSecond"] as const) {
    const v = t[key];
    if (v !== undefined && !(Number.isFinite(v) && v > 0))
      p.at(["thresholds", key], v, "must be a rate above 0 (responses per second)");
  }
  if (t.userSpikeFactor !== undefined && !(Number.isFinite(t.userSpikeFactor) && t.userSpikeFactor > 1))
    p.at(["thresholds", "userSpikeFactor"], t.userSpikeFactor, "must be a factor above 1");
  const gpu = t.gpuSaturationPercent;
  if (gpu !== undefined && !(Number.isFinite(gpu) && gpu > 0 && gpu <= 100))
    p.at(["thresholds", "gpuSaturationPercent"], gpu, "must be a percentage in (0, 100]");
  const sso = args.grafanaSso;
  if (sso) {
    for (const key of ["issuer", "authUrl", "tokenUrl", "apiUrl", "rootUrl"] as const)
      if (!httpsUrl(sso[key])) p.at(["grafanaSso", key], sso[key], "must be an https URL");
    for (const key of ["clientId", "adminGroup", "viewerGroup"] as const)
      if (typeof sso[key] !== "string" || sso[key].trim() === "")
        p.at(["grafanaSso", key], sso[key], "must be a non-empty string");
    for (const key of ["adminGroup", "editorGroup", "viewerGroup", "groupsClaim"] as const) {
      const v = sso[key];
      // The value is written into a JMESPath string literal ('...'): a quote or backslash would break out.
      if (typeof v === "string" && /['"\\]/.test(v))
        p.at(
          ["grafanaSso", key],
          v,
          "must not contain ', \" or \\ (it is quoted in Grafana's role_attribute_path)",
        );
    }
  }
  return p.list;
}
