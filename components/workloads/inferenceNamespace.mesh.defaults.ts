import type { JwtIssuer, MeshGatewayIdentity } from "../mesh/serviceMesh.args";
import { DEFAULT_MODEL_PORT } from "../shared/ports";
import type { InferenceEndpoint, MeshDependency, NamespaceMeshArgs } from "./inferenceNamespace.mesh.args";

/**
 * The defaults of `NamespaceMeshArgs`, resolved once (`resolveMesh`), and the Istio facts the namespace's
 * mesh objects and NetworkPolicies share.
 */
export const NAMESPACE_MESH_DEFAULTS = {
  scraper: { namespace: "monitoring", serviceAccount: "prometheus" },
  controlPlaneNamespace: "istio-system",
  endpoint: {
    port: DEFAULT_MODEL_PORT,
    pathPrefix: "/v1/",
    timeoutSeconds: 300,
    requestsPerSecondPerPod: 20,
    maxConcurrentRequests: 64,
    consecutiveErrors: 5,
  },
  dependency: { externalPort: 443, maxConnections: 32, consecutiveErrors: 5 },
} as const;

/**
 * Istio's default trust domain: SPIFFE principals are `cluster.local/ns/<ns>/sa/<sa>`. ServiceMesh keeps it.
 * https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source
 */
export const MESH_TRUST_DOMAIN = "cluster.local";

/**
 * Ports of Istio's own agents. 15012: istiod's xDS and certificate-signing (gRPC, TLS) port that every
 * sidecar dials. 15020: pilot-agent's merged Prometheus metrics (the app's and Envoy's), which is not
 * captured by the sidecar, so scrapes reach it in plaintext. The whole 15000-15090 block is Istio's and
 * an application must not listen on it.
 * https://istio.io/latest/docs/ops/deployment/application-requirements/#ports-used-by-istio
 */
export const ISTIO_PORTS = {
  xds: 15012,
  mergedMetrics: 15020,
  reservedFrom: 15000,
  reservedTo: 15090,
} as const;

/**
 * Circuit breaker timings (outlier detection): scan every 10 s, eject a failing pod for 30 s (longer each
 * time it is ejected again), never more than half the pods (Envoy still ejects one of one).
 * https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection
 */
export const OUTLIER_TIMING = { interval: "10s", baseEjectionTime: "30s", maxEjectionPercent: 50 } as const;

export interface ResolvedEndpoint extends Required<Omit<InferenceEndpoint, "hosts">> {
  readonly hosts: readonly string[];
}
export type ResolvedDependency = Required<MeshDependency>;

export interface ResolvedMesh {
  readonly meshVersion: string;
  readonly gateway: MeshGatewayIdentity;
  readonly scraper: { readonly namespace: string; readonly serviceAccount: string };
  readonly controlPlaneNamespace: string;
  readonly jwt?: JwtIssuer;
  readonly endpoints: readonly ResolvedEndpoint[];
  readonly dependencies: readonly ResolvedDependency[];
}

export function resolveEndpoint(e: InferenceEndpoint): ResolvedEndpoint {
  const d = NAMESPACE_MESH_DEFAULTS.endpoint;
  const port = e.port ?? d.port;
  return {
    name: e.name,
    port,
    metricsPort: e.metricsPort ?? port,
    hosts: e.hosts,
    pathPrefix: e.pathPrefix ?? d.pathPrefix,
    timeoutSeconds: e.timeoutSeconds ?? d.timeoutSeconds,
    requestsPerSecondPerPod: e.requestsPerSecondPerPod ?? d.requestsPerSecondPerPod,
    maxConcurrentRequests: e.maxConcurrentRequests ?? d.maxConcurrentRequests,
    consecutiveErrors: e.consecutiveErrors ?? d.consecutiveErrors,
  };
}

/** An in-cluster dependency's port has no default (validation asks for it); 0 stands for "missing". */
export function resolveDependency(dep: MeshDependency): ResolvedDependency {
  const d = NAMESPACE_MESH_DEFAULTS.dependency;
  return {
    name: dep.name,
    host: dep.host,
    external: dep.external,
    port: dep.port ?? (dep.external ? d.externalPort : 0),
    maxConnections: dep.maxConnections ?? d.maxConnections,
    consecutiveErrors: dep.consecutiveErrors ?? d.consecutiveErrors,
  };
}

export function resolveMesh(mesh: NamespaceMeshArgs): ResolvedMesh {
  const d = NAMESPACE_MESH_DEFAULTS;
  return {
    meshVersion: mesh.meshVersion,
    gateway: mesh.gateway,
    scraper: mesh.scraper ?? d.scraper,
    controlPlaneNamespace: mesh.controlPlaneNamespace ?? d.controlPlaneNamespace,
    ...(mesh.jwt ? { jwt: mesh.jwt } : {}),
    endpoints: mesh.endpoints.map(resolveEndpoint),
    dependencies: (mesh.dependencies ?? []).map(resolveDependency),
  };
}

/** `cluster.local/ns/<namespace>/sa/<serviceAccount>`: the SPIFFE identity Istio authorizes on. */
export function principalOf(id: { readonly namespace: string; readonly serviceAccount: string }): string {
  return `${MESH_TRUST_DOMAIN}/ns/${id.namespace}/sa/${id.serviceAccount}`;
}

/** `<name>.<namespace>.svc.cluster.local`, the host mesh objects name a Service by. */
export function serviceHost(name: string, namespace: string): string {
  return `${name}.${namespace}.svc.cluster.local`;
}

/** The namespace of an in-cluster host `<svc>.<ns>.svc.cluster.local`, or undefined if it is not one. */
export function inClusterNamespace(host: string): string | undefined {
  return /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)\.svc\.cluster\.local$/.exec(
    host,
  )?.[2];
}
