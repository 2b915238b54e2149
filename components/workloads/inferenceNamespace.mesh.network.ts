import type * as k8s from "@pulumi/kubernetes";
import { inClusterNamespace, ISTIO_PORTS, type ResolvedMesh } from "./inferenceNamespace.mesh.defaults";

/**
 * The NetworkPolicies a meshed namespace needs besides default-deny and DNS (inferenceNamespace.logic):
 * the gateway reaches only the endpoints' pods on their API ports, the scraper only their metrics ports
 * and pilot-agent's merged metrics (15020), and every sidecar reaches istiod on 15012 for its
 * configuration and certificates. NetworkPolicy ports are the pods' ports, as for AuthorizationPolicy.
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors
 * https://istio.io/latest/docs/ops/integrations/prometheus/#option-1-metrics-merging (15020)
 */

export interface NamedPolicySpec {
  readonly name: string;
  readonly spec: k8s.types.input.networking.v1.NetworkPolicySpec;
}

const nsSelector = (name: string) => ({ matchLabels: { "kubernetes.io/metadata.name": name } });
const tcp = (ports: readonly number[]) => [...new Set(ports)].map((port) => ({ protocol: "TCP", port }));

export function meshNetworkPolicies(mesh: ResolvedMesh): NamedPolicySpec[] {
  const out: NamedPolicySpec[] = [];
  for (const e of mesh.endpoints) {
    const pods = { matchLabels: { app: e.name } };
    out.push(
      {
        name: `allow-gateway-to-${e.name}`,
        spec: {
          podSelector: pods,
          policyTypes: ["Ingress"],
          ingress: [
            { from: [{ namespaceSelector: nsSelector(mesh.gateway.namespace) }], ports: tcp([e.port]) },
          ],
        },
      },
      {
        name: `allow-scrape-${e.name}`,
        spec: {
          podSelector: pods,
          policyTypes: ["Ingress"],
          ingress: [
            {
              from: [{ namespaceSelector: nsSelector(mesh.scraper.namespace) }],
              ports: tcp([e.metricsPort, ISTIO_PORTS.mergedMetrics]),
            },
          ],
        },
      },
    );
  }
  out.push({
    name: "allow-egress-istiod",
    spec: {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            {
              namespaceSelector: nsSelector(mesh.controlPlaneNamespace),
              podSelector: { matchLabels: { app: "istiod" } },
            },
          ],
          ports: tcp([ISTIO_PORTS.xds]),
        },
      ],
    },
  });
  // In-mesh dependencies (a vector database in another namespace): the sidecar connects to the pods
  // directly, on the dependency's port. External ones leave through `outsideHttps` (443).
  for (const d of mesh.dependencies) {
    const ns = d.external ? undefined : inClusterNamespace(d.host);
    if (!ns) continue;
    out.push({
      name: `allow-egress-dependency-${d.name}`,
      spec: {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [{ to: [{ namespaceSelector: nsSelector(ns) }], ports: tcp([d.port]) }],
      },
    });
  }
  return out;
}
