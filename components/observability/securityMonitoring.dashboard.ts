import { GATEWAY_USER_LABEL } from "./securityMonitoring.scrape";

/**
 * The Grafana security dashboard, built here so its queries share the rules' label names, and kept in
 * dashboards/security.json for people and for importing elsewhere (a test fails when the file differs).
 * Grafana provisions it from a ConfigMap (securityMonitoring.ts); its data source is the Prometheus the
 * values declare (uid `prometheus`).
 * https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/
 */

/** Where every series the dashboard and the rules read comes from. */
export const SERIES_SOURCES: Readonly<Record<string, string>> = {
  istio_requests_total:
    "Istio standard metrics (sidecars, gateway): https://istio.io/latest/docs/reference/config/metrics/",
  istio_request_bytes_sum: "Istio standard metrics (histogram sum of request body sizes)",
  istio_request_bytes_count: "Istio standard metrics (histogram count of requests)",
  istio_tcp_connections_opened_total: "Istio standard metrics (TCP)",
  DCGM_FI_DEV_GPU_UTIL: "NVIDIA DCGM exporter's default counters (GPU utilisation, percent)",
  ALERTS: "Prometheus's own series of pending and firing alerts",
  up: "Prometheus's own series of scrape health",
  kube_pod_init_container_status_terminated_reason:
    "kube-state-metrics 2.20.0 (docs/metrics/workload/pod-metrics.md): an init container's termination reason",
  kube_pod_init_container_status_restarts_total: "kube-state-metrics 2.20.0: restarts of an init container",
};

export const DASHBOARD_UID = "rampart-security";

const USER = GATEWAY_USER_LABEL;
const userSeries = `reporter="source", ${USER}!="", ${USER}!="unknown"`;

interface PanelSpec {
  readonly title: string;
  readonly expr: string;
  readonly legend: string;
  readonly unit: string;
  readonly type?: "timeseries" | "table";
}

export const DASHBOARD_PANELS: readonly PanelSpec[] = [
  {
    title: "Authentication failures (401/s)",
    expr: 'sum by (reporter) (rate(istio_requests_total{response_code="401"}[5m]))',
    legend: "{{reporter}}",
    unit: "reqps",
  },
  {
    title: "Authorization denials (403/s)",
    expr: 'sum by (reporter) (rate(istio_requests_total{response_code="403"}[5m]))',
    legend: "{{reporter}}",
    unit: "reqps",
  },
  {
    title: "Throttled requests (429/s)",
    expr: 'sum by (reporter) (rate(istio_requests_total{response_code="429"}[5m]))',
    legend: "{{reporter}}",
    unit: "reqps",
  },
  {
    title: "Plaintext (non-mTLS) traffic accepted",
    expr: 'sum by (destination_workload_namespace, destination_workload) (rate(istio_requests_total{reporter="destination", connection_security_policy!="mutual_tls"}[5m]))',
    legend: "{{destination_workload_namespace}}/{{destination_workload}}",
    unit: "reqps",
  },
  {
    title: "Top users by request rate",
    expr: `topk(10, sum by (${USER}) (rate(istio_requests_total{${userSeries}}[5m])))`,
    legend: `{{${USER}}}`,
    unit: "reqps",
  },
  {
    title: "Top users by average prompt size",
    expr:
      `topk(10, sum by (${USER}) (rate(istio_request_bytes_sum{${userSeries}}[5m])) / ` +
      `sum by (${USER}) (rate(istio_request_bytes_count{${userSeries}}[5m])))`,
    legend: `{{${USER}}}`,
    unit: "bytes",
  },
  {
    title: "GPU utilisation",
    expr: "max by (Hostname, gpu) (DCGM_FI_DEV_GPU_UTIL)",
    legend: "{{Hostname}} GPU {{gpu}}",
    unit: "percent",
  },
  {
    title: "Alerts firing",
    expr: 'sum by (alertname, severity) (ALERTS{alertstate="firing"})',
    legend: "{{alertname}} ({{severity}})",
    unit: "short",
  },
];

export function securityDashboard() {
  const width = 12;
  const height = 8;
  return {
    uid: DASHBOARD_UID,
    title: "Rampart security",
    tags: ["rampart", "security"],
    editable: false,
    schemaVersion: 39,
    time: { from: "now-6h", to: "now" },
    refresh: "1m",
    panels: DASHBOARD_PANELS.map((p, i) => ({
      id: i + 1,
      type: p.type ?? "timeseries",
      title: p.title,
      gridPos: { x: (i % 2) * width, y: Math.floor(i / 2) * height, w: width, h: height },
      datasource: { type: "prometheus", uid: "prometheus" },
      fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
      targets: [{ refId: "A", expr: p.expr, legendFormat: p.legend }],
    })),
  };
}

/** The file's text: what dashboards/security.json must hold. */
export const securityDashboardJson = (): string => `${JSON.stringify(securityDashboard(), null, 2)}\n`;
