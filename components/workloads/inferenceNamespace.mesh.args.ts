import type { JwtIssuer, MeshGatewayIdentity } from "../mesh/serviceMesh.args";

/**
 * The contract of an inference namespace's mesh objects (`InferenceNamespaceArgs.mesh`): allow-nothing
 * AuthorizationPolicy plus explicit allows, JWT on the inference API, circuit breakers, routes, per-pod
 * rate limits, and the NetworkPolicies a sidecar needs. Types only.
 */

/** One model-serving API in the namespace (its Service, usually a ModelServer). */
export interface InferenceEndpoint {
  /** The Service name (a DNS label); the model server pods carry `app: <name>`. */
  readonly name: string;
  /**
   * The Service's port, which must also be the container's port (Service `targetPort`): the sidecar's
   * AuthorizationPolicy and the NetworkPolicy both see the pod's port, not the Service's, and the EKS
   * network policy agent requires the two to be equal.
   * @see https://github.com/istio/api/pull/3075 (AuthorizationPolicy ports are workload ports)
   * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy.html#cni-network-policy-considerations
   * @default 8000 (DEFAULT_MODEL_PORT)
   */
  readonly port?: number;
  /** The container port its Prometheus metrics are served on (path `/metrics`). @default port */
  readonly metricsPort?: number;
  /** Public host names the gateway routes to it. At least one; each must be one of the gateway's hosts. */
  readonly hosts: readonly string[];
  /** Path prefix of the API. @default "/v1/" */
  readonly pathPrefix?: string;
  /** Route timeout, long enough for a streamed generation. @default 300 */
  readonly timeoutSeconds?: number;
  /** Per-pod local rate limit on the sidecar's inbound listener. @default 20 */
  readonly requestsPerSecondPerPod?: number;
  /** Connection pool: max concurrent requests to the whole endpoint. @default 64 */
  readonly maxConcurrentRequests?: number;
  /** Circuit breaker: consecutive 5xx before a pod is ejected. @default 5 */
  readonly consecutiveErrors?: number;
}

/** A service the namespace's workloads call: in the mesh (a vector database) or outside it (a vendor API). */
export interface MeshDependency {
  /** A DNS label naming the objects. */
  readonly name: string;
  /** In-cluster: `<svc>.<ns>.svc.cluster.local`; external: the public host name (TLS originated, certificate verified). */
  readonly host: string;
  /** @default 443 external, required in-cluster */
  readonly port?: number;
  readonly external: boolean;
  /** @default 32 */
  readonly maxConnections?: number;
  /** @default 5 */
  readonly consecutiveErrors?: number;
}

export interface NamespaceMeshArgs {
  /**
   * The mesh's Istio release (`ServiceMeshArgs.version`, e.g. "1.30.5"). The EnvoyFilters match only
   * proxies of its minor version, so an Istio upgrade cannot apply a patch to an Envoy it was not written for.
   */
  readonly meshVersion: string;
  /** The ingress gateway (`ServiceMesh.gatewayIdentity`): the only caller of the inference API. */
  readonly gateway: MeshGatewayIdentity;
  /** The metrics scraper's identity. @default { namespace: "monitoring", serviceAccount: "prometheus" } */
  readonly scraper?: { readonly namespace: string; readonly serviceAccount: string };
  /** Namespace of istiod (sidecars fetch config and certificates from it on 15012). @default "istio-system" */
  readonly controlPlaneNamespace?: string;
  /** The SSO issuer; without it the inference API is not authenticated (prod refuses that). */
  readonly jwt?: JwtIssuer;
  readonly endpoints: readonly InferenceEndpoint[];
  /** @default [] */
  readonly dependencies?: readonly MeshDependency[];
}
