import { MESH_NAMES } from "../mesh/serviceMesh.logic";
import { SERVICE_MESH_DEFAULTS } from "../mesh/serviceMesh.logic";
import { MESH_INJECTION_LABEL } from "../workloads/inferenceNamespace.logic";
import { MONITORING_NAMES, SCRAPE_PORTS, SECURITY_MONITORING_DEFAULTS } from "./securityMonitoring.logic";

/**
 * What Prometheus scrapes for the security signals, as PodMonitors (monitoring.coreos.com/v1), and the
 * Istio Telemetry that gives the gateway's request metrics a per-user label.
 *
 * - istiod: 15014 `/metrics`, plaintext (istio-system admits the monitoring namespace on it).
 * - Sidecars and the gateway: 15020 `/stats/prometheus`, pilot-agent's merged Envoy and agent metrics,
 *   served outside the sidecar's inbound capture, so plaintext (the namespaces admit the scraper on 15020).
 *   Only `istio_*` and `envoy_*` are kept, so an application's metrics merged there are not stored twice.
 *   https://istio.io/latest/docs/ops/integrations/prometheus/#option-1-metrics-merging
 * - Model servers: their own port's `/metrics`, which IS behind the sidecar: the namespace's
 *   AuthorizationPolicy admits only the principal `cluster.local/ns/monitoring/sa/prometheus`, so the scrape
 *   uses mTLS with the workload certificate Prometheus's own sidecar writes to a shared volume (the
 *   `istio-mtls` scrape class; securityMonitoring.values.ts). Istio's certificates name a SPIFFE identity,
 *   not a host name, so the server name cannot be verified by Prometheus (`insecureSkipVerify`, as Istio
 *   documents); the client certificate still authenticates Prometheus to the server.
 *   https://istio.io/latest/docs/ops/integrations/prometheus/#tls-settings
 * - The DCGM exporter: 9400 `/metrics` on the GPU nodes (kube-system; components/compute/nvidiaSoftware.ts).
 */

/** The label the gateway's Telemetry adds to its request metrics: the authenticated user (JWT `sub`). */
export const GATEWAY_USER_LABEL = "user";

/** Pod labels of the dcgm-exporter chart (its selectorLabels: the chart name). */
export const DCGM_EXPORTER_POD = { "app.kubernetes.io/name": "dcgm-exporter" } as const;
export const DCGM_EXPORTER_NAMESPACE = "kube-system";

const PODMONITOR_LABELS = { release: MONITORING_NAMES.release } as const;

type Endpoint = Record<string, unknown>;

function podMonitor(name: string, spec: Record<string, unknown>) {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PodMonitor",
    metadata: { name, namespace: MONITORING_NAMES.namespace, labels: { ...PODMONITOR_LABELS } },
    spec,
  };
}

/** Keeps only Istio's and Envoy's own series from the merged endpoint. */
const KEEP_MESH_SERIES = [{ action: "keep", sourceLabels: ["__name__"], regex: "(istio|envoy)_.*" }];

export interface ScrapeInputs {
  readonly inferenceNamespaces: readonly string[];
  readonly modelMetricsPorts: readonly number[];
}

export function podMonitors(s: ScrapeInputs) {
  const merged: Endpoint = {
    portNumber: SCRAPE_PORTS.mergedMetrics,
    path: "/stats/prometheus",
    interval: "30s",
    metricRelabelings: KEEP_MESH_SERIES,
  };
  const monitors = [
    podMonitor("istiod", {
      namespaceSelector: { matchNames: [MESH_NAMES.controlPlaneNamespace] },
      selector: { matchLabels: { app: "istiod" } },
      podMetricsEndpoints: [{ portNumber: SCRAPE_PORTS.istiod, path: "/metrics", interval: "30s" }],
    }),
    podMonitor("istio-gateway", {
      namespaceSelector: { matchNames: [MESH_NAMES.gatewayNamespace] },
      selector: { matchLabels: { ...MESH_NAMES.gatewaySelector } },
      podMetricsEndpoints: [merged],
      // The per-user label multiplies the gateway's series: a runaway fails this scrape (and alerts)
      // instead of exhausting Prometheus's memory.
      sampleLimit: SECURITY_MONITORING_DEFAULTS.gatewaySampleLimit,
    }),
  ];
  if (s.inferenceNamespaces.length > 0) {
    const namespaceSelector = { matchNames: [...s.inferenceNamespaces] };
    // Injected pods carry `security.istio.io/tlsMode: istio` (set by the sidecar injector).
    const meshed = { matchLabels: { "security.istio.io/tlsMode": "istio" } };
    monitors.push(
      podMonitor("istio-proxies", { namespaceSelector, selector: meshed, podMetricsEndpoints: [merged] }),
      podMonitor("model-servers", {
        namespaceSelector,
        selector: meshed,
        scrapeClass: MONITORING_NAMES.istioScrapeClass,
        podMetricsEndpoints: s.modelMetricsPorts.map((port) => ({
          portNumber: port,
          path: "/metrics",
          scheme: "https",
          interval: "30s",
        })),
      }),
    );
  }
  monitors.push(
    podMonitor("dcgm-exporter", {
      namespaceSelector: { matchNames: [DCGM_EXPORTER_NAMESPACE] },
      selector: { matchLabels: { ...DCGM_EXPORTER_POD } },
      podMetricsEndpoints: [{ portNumber: SCRAPE_PORTS.dcgmExporter, path: "/metrics", interval: "30s" }],
    }),
  );
  return monitors;
}

/**
 * The gateway's request count and size get a `user` label from the `x-rampart-user` header, which the
 * gateway's RequestAuthentication fills from the JWT `sub` (outputClaimToHeaders; serviceMesh.manifests.ts).
 * Only the gateway (its selector), in both modes (a gateway reports as `reporter="source"`: "source if
 * report is from a client Istio proxy or a gateway", https://istio.io/latest/docs/reference/config/metrics/#labels),
 * so sidecars keep their usual label set. Cardinality: one more series per user per
 * existing label combination on two metrics of the gateway pods; `sampleLimit` above caps it.
 * https://istio.io/latest/docs/tasks/observability/metrics/customize-metrics/
 * https://istio.io/latest/docs/reference/config/telemetry/#MetricsOverrides
 */
export function gatewayUserTelemetry() {
  const tagOverrides = {
    [GATEWAY_USER_LABEL]: {
      operation: "UPSERT",
      value: `request.headers['${SERVICE_MESH_DEFAULTS.userHeader}']`,
    },
  };
  return {
    apiVersion: "telemetry.istio.io/v1",
    kind: "Telemetry",
    metadata: { name: "per-user-request-metrics", namespace: MESH_NAMES.gatewayNamespace },
    spec: {
      selector: { matchLabels: { ...MESH_NAMES.gatewaySelector } },
      metrics: [
        {
          providers: [{ name: "prometheus" }],
          overrides: ["REQUEST_COUNT", "REQUEST_SIZE"].map((metric) => ({
            match: { metric, mode: "CLIENT_AND_SERVER" },
            tagOverrides,
          })),
        },
      ],
    },
  };
}

/** Namespaces whose pods have sidecars (their 15020 is scraped): the injection label. */
export const MESHED_NAMESPACE_SELECTOR = { matchLabels: { [MESH_INJECTION_LABEL]: "enabled" } } as const;
