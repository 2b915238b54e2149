import {
  MONITORING_NAMES,
  SECURITY_MONITORING_DEFAULTS,
  type ResolvedThresholds,
} from "./securityMonitoring.logic";
import { GATEWAY_USER_LABEL } from "./securityMonitoring.scrape";

/**
 * The security alerts as one PrometheusRule group, "rampart-security" (a pure builder: the thresholds are
 * the only input). Request signals come from Istio's standard metric `istio_requests_total` and its
 * labels (https://istio.io/latest/docs/reference/config/metrics/): `response_code`, `reporter`
 * (`destination` from the server's proxy, `source` from the client's, which is what a gateway reports) and
 * `connection_security_policy` (`mutual_tls` when the server's proxy saw mTLS, `none` when not; only the
 * destination reporter can tell, the source reports `unknown`). Per-user series carry the `user` label the
 * gateway's Telemetry adds (securityMonitoring.scrape.ts). GPU utilisation is DCGM's `DCGM_FI_DEV_GPU_UTIL`
 * (percent; https://docs.nvidia.com/datacenter/dcgm/latest/dcgm-api/dcgm-api-field-ids.html).
 */

/**
 * The model server's init containers that verify the model before the server starts (ModelServer, issue
 * #15): the manifest's signature, then every file's digest. Either one failing keeps the pod in Init:Error
 * (fail closed); RampartModelIntegrityCheckFailed watches them by these names.
 */
export const MODEL_VERIFY_CONTAINERS = ["verify-signature", "verify-files"] as const;

export const RULE_GROUP = "rampart-security";

export interface SecurityAlert {
  /** The runbook's file name: docs/runbooks/prom-<id>.md. */
  readonly id: string;
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly severity: "critical" | "warning";
  readonly summary: string;
  /** What the threshold means, for the README's alert table. */
  readonly signal: string;
  /** A runbook shared with other detections (an incident playbook). @default runbookPath(id) */
  readonly runbook?: string;
}

/** Where an alert's runbook lives, relative to the repository root. */
export const runbookPath = (id: string): string => `docs/runbooks/prom-${id}.md`;

/**
 * A request counted once per reporting proxy: a request the gateway forwards and a sidecar denies is
 * seen by both (source and destination). The larger of the two views counts each request once.
 */
const responsesPerSecond = (code: string) =>
  `max(sum by (reporter) (rate(istio_requests_total{response_code="${code}"}[5m])))`;

/** A number as PromQL reads it (no exponent form for the thresholds we take). */
const num = (n: number): string => String(n);

const USER = GATEWAY_USER_LABEL;
/** Gateway series with a known user (the header is missing before authentication: Istio writes "unknown"). */
const userSeries = `reporter="source", ${USER}!="", ${USER}!="unknown"`;
/** The model server's verify init containers. */
const verifySeries = `container=~"${MODEL_VERIFY_CONTAINERS.join("|")}"`;

export function securityAlerts(t: ResolvedThresholds): SecurityAlert[] {
  const minRate = SECURITY_MONITORING_DEFAULTS.userSpikeMinRequestsPerSecond;
  const userRate = (window: string, offset = "") =>
    `sum by (${USER}) (rate(istio_requests_total{${userSeries}}[${window}]${offset}))`;
  const userAvgBytes = (window: string, offset = "") =>
    `(sum by (${USER}) (rate(istio_request_bytes_sum{${userSeries}}[${window}]${offset})) / ` +
    `sum by (${USER}) (rate(istio_request_bytes_count{${userSeries}}[${window}]${offset})))`;
  return [
    {
      id: "auth-failures",
      alert: "RampartAuthFailures",
      expr: `${responsesPerSecond("401")} > ${num(t.authFailuresPerSecond)}`,
      for: "5m",
      severity: "warning",
      summary: `More than ${num(t.authFailuresPerSecond)} authentication failures (401) per second across the mesh`,
      signal: "401 responses per second (max over reporters), 5-minute rate",
    },
    {
      id: "authz-denials",
      alert: "RampartAuthzDenials",
      expr: `${responsesPerSecond("403")} > ${num(t.authzDenialsPerSecond)}`,
      for: "5m",
      severity: "warning",
      summary: `More than ${num(t.authzDenialsPerSecond)} authorization denials (403) per second across the mesh`,
      signal: "403 responses per second (max over reporters), 5-minute rate",
    },
    {
      id: "throttled",
      alert: "RampartThrottled",
      expr: `${responsesPerSecond("429")} > ${num(t.throttledPerSecond)}`,
      for: "5m",
      severity: "warning",
      summary: `More than ${num(t.throttledPerSecond)} throttled requests (429) per second across the mesh`,
      signal: "429 responses per second (max over reporters), 5-minute rate",
    },
    {
      id: "plaintext-traffic",
      alert: "RampartPlaintextTraffic",
      // HTTP requests and TCP connections a server-side proxy accepted without mTLS. With STRICT
      // PeerAuthentication there are none: any series means a policy was loosened or a workload bypasses it.
      expr:
        'sum by (destination_workload_namespace, destination_workload) (rate(istio_requests_total{reporter="destination", connection_security_policy!="mutual_tls"}[5m])) > 0 ' +
        'or sum by (destination_workload_namespace, destination_workload) (rate(istio_tcp_connections_opened_total{reporter="destination", connection_security_policy!="mutual_tls"}[5m])) > 0',
      for: "1m",
      severity: "critical",
      summary:
        "Plaintext (non-mTLS) traffic accepted by {{ $labels.destination_workload_namespace }}/{{ $labels.destination_workload }}",
      signal: "any request or TCP connection a server-side proxy accepted without mutual TLS",
    },
    {
      id: "user-request-spike",
      alert: "RampartUserRequestSpike",
      expr:
        `${userRate("5m")} > ${num(t.userSpikeFactor)} * ${userRate("1h", " offset 1h")} ` +
        `and ${userRate("5m")} > ${num(minRate)}`,
      for: "5m",
      severity: "warning",
      summary: `User {{ $labels.${USER} }} sends more than ${num(t.userSpikeFactor)}x their previous hour's request rate`,
      signal: `a user's 5-minute request rate above ${num(t.userSpikeFactor)}x their rate in the previous hour (and above ${num(minRate)}/s)`,
    },
    {
      id: "user-prompt-size-spike",
      alert: "RampartUserPromptSizeSpike",
      expr:
        `${userAvgBytes("5m")} > ${num(t.userSpikeFactor)} * ${userAvgBytes("1h", " offset 1h")} ` +
        `and ${userRate("5m")} > ${num(minRate)}`,
      for: "5m",
      severity: "warning",
      summary: `User {{ $labels.${USER} }} sends prompts more than ${num(t.userSpikeFactor)}x their previous hour's average size`,
      signal: `a user's average request body size (5 minutes) above ${num(t.userSpikeFactor)}x their previous hour's`,
    },
    {
      id: "gpu-saturation",
      alert: "RampartGpuSaturation",
      expr: `max by (Hostname, gpu, UUID) (DCGM_FI_DEV_GPU_UTIL) > ${num(t.gpuSaturationPercent)}`,
      for: "15m",
      severity: "warning",
      summary: `GPU {{ $labels.gpu }} on {{ $labels.Hostname }} above ${num(t.gpuSaturationPercent)}% utilisation for 15 minutes`,
      signal: `a GPU's utilisation above ${num(t.gpuSaturationPercent)}% for 15 minutes (DCGM)`,
    },
    {
      id: "model-integrity",
      alert: "RampartModelIntegrityCheckFailed",
      // kube-state-metrics 2.20.0 (the chart's kube-state-metrics 8.4.0; its ServiceMonitor is on with the
      // release label, no metric dropped): `kube_pod_init_container_status_terminated_reason` (the init
      // container's current termination, reason "Error" when cosign or sha256sum exits non-zero) and
      // `kube_pod_init_container_status_restarts_total` (kubelet restarts a failed init container:
      // Init:CrashLoopBackOff). docs/metrics/workload/pod-metrics.md and internal/store/pod.go at v2.20.0 of
      // github.com/kubernetes/kube-state-metrics. A model that fails its check never serves; this says why.
      expr:
        `sum by (namespace, pod, container) (kube_pod_init_container_status_terminated_reason{${verifySeries}, reason!="Completed"}) > 0` +
        ` or sum by (namespace, pod, container) (increase(kube_pod_init_container_status_restarts_total{${verifySeries}}[15m])) > 0`,
      for: "0m",
      severity: "critical",
      summary:
        "Model verification failed in {{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.container }}): the model's signature or a file's digest does not match; possible tampering",
      signal: `a model server's ${MODEL_VERIFY_CONTAINERS.join(" or ")} init container terminated with an error or restarted (kube-state-metrics)`,
      runbook: "docs/runbooks/incident-model-tampering.md",
    },
    {
      id: "security-scrape-down",
      alert: "RampartSecurityScrapeDown",
      // Every other alert here is blind when its targets are not scraped: losing them is itself a signal.
      expr: `up{job=~"${SECURITY_SCRAPE_JOBS.join("|")}"} == 0`,
      for: "10m",
      severity: "warning",
      summary:
        "Prometheus cannot scrape {{ $labels.job }} at {{ $labels.instance }}: security alerts are blind there",
      signal:
        "a scrape target of the security signals (istiod, proxies, gateway, model servers, DCGM) down for 10 minutes",
    },
  ];
}

/** The scrape jobs the security alerts read (the PodMonitors' names, which the operator uses as `job`). */
export const SECURITY_SCRAPE_JOBS = [
  "monitoring/istiod",
  "monitoring/istio-proxies",
  "monitoring/istio-gateway",
  "monitoring/model-servers",
  "monitoring/dcgm-exporter",
] as const;

/** The PrometheusRule object (monitoring.coreos.com/v1). */
export function securityPrometheusRule(t: ResolvedThresholds) {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: {
      name: RULE_GROUP,
      namespace: MONITORING_NAMES.namespace,
      // The chart's Prometheus selects rules by its release label (ruleSelectorNilUsesHelmValues).
      labels: { release: MONITORING_NAMES.release },
    },
    spec: {
      groups: [
        {
          name: RULE_GROUP,
          rules: securityAlerts(t).map((a) => ({
            alert: a.alert,
            expr: a.expr,
            for: a.for,
            labels: { severity: a.severity },
            annotations: { summary: a.summary, runbook_url: a.runbook ?? runbookPath(a.id) },
          })),
        },
      ],
    },
  };
}
