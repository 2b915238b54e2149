import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/**
 * The contract of `ServiceMesh` (`rampart:mesh:ServiceMesh`): Istio from its official charts, our own CA,
 * mesh-wide STRICT mTLS, REGISTRY_ONLY egress, and the ingress gateway the edge load balancer targets.
 * Types only; the component and its validation live beside this file.
 */

/** The organisation's OIDC/SSO issuer whose tokens the mesh accepts. */
export interface JwtIssuer {
  /** The `iss` claim, e.g. `https://login.example.com/`. Must be https. */
  readonly issuer: string;
  /** Where the signing keys are published, e.g. `https://login.example.com/.well-known/jwks.json`. Must be https. */
  readonly jwksUri: string;
  /** Accepted `aud` values; at least one. */
  readonly audiences: readonly string[];
}

/** Container resources for the sidecar (and gateway) proxies. */
export interface ProxyResources {
  readonly cpuRequest: string;
  readonly memoryRequest: string;
  readonly cpuLimit: string;
  readonly memoryLimit: string;
}

/**
 * The mesh CA. `generated` (the default): a root and an intermediate from `@pulumi/tls`, only the
 * intermediate's key goes into the cluster. `provided`: bring your own (an enterprise CA or Vault PKI);
 * every PEM is an input, the intermediate's key must be a Pulumi secret.
 */
export type MeshCaArgs =
  | {
      readonly mode: "generated";
      /** Subject organisation of both certificates. @default "Rampart" */
      readonly organization?: string;
      /** Root lifetime. @default 3650 */
      readonly rootValidityDays?: number;
      /** Intermediate lifetime. @default 365 */
      readonly intermediateValidityDays?: number;
      /** `pulumi up` replaces the intermediate (same root) once it is this close to expiry. @default 60 */
      readonly renewBeforeDays?: number;
    }
  | {
      readonly mode: "provided";
      readonly rootCertPem: pulumi.Input<string>;
      readonly intermediateCertPem: pulumi.Input<string>;
      /** The intermediate's private key: pass a Pulumi secret. */
      readonly intermediateKeyPem: pulumi.Input<string>;
      /** Intermediate first, then up to (and including) the root. */
      readonly certChainPem: pulumi.Input<string>;
    };

/** The mesh ingress gateway (Istio `gateway` chart in `istio-ingress`), behind the edge load balancer. */
export interface MeshGatewayArgs {
  /** Public host names the gateway serves (its Gateway servers' hosts). At least one. */
  readonly hosts: readonly string[];
  /** Gateway pods. @default 2 */
  readonly replicas?: number;
  /**
   * Local rate limit per authenticated user (JWT `sub`) or API key, per gateway pod.
   * @default { requestsPerMinute: 60, burst: 20 }
   */
  readonly rateLimitPerUser?: { readonly requestsPerMinute: number; readonly burst?: number };
  /** Largest request body the gateway accepts (prompts). @default 1048576 (1 MiB) */
  readonly maxRequestBytes?: number;
}

export interface ServiceMeshArgs {
  /** The cluster's Kubernetes provider (`HardenedCluster.kubeProvider`). */
  readonly kubeProvider: k8s.Provider;
  /** Istio release, e.g. "1.30.5": the version of the base, cni, istiod and gateway charts. */
  readonly version: string;
  /**
   * Registry prefix holding the Istio images (`pilot`, `proxyv2`, `install-cni`), copies of docker.io/istio.
   * Private tiers cannot reach Docker Hub unless the egress allow-list admits it.
   * @default "docker.io/istio"
   */
  readonly imageHub?: string;
  /**
   * The proxy istiod injects into every sidecar (and its `istio-validation` init container) and gateway,
   * named in full and by digest (`<registry>/<repository>@sha256:<64 hex>`): with image admission in the
   * inference namespaces the injected proxy must be one of our signed images too, or every meshed pod is
   * refused. Istio's injection template uses `global.proxy.image` as is when it contains a "/"
   * (manifests/charts/istio-control/istio-discovery/files/injection-template.yaml).
   * @default `<imageHub>/proxyv2:<version>`
   */
  readonly proxyImage?: string;
  /** @default { mode: "generated" } */
  readonly ca?: MeshCaArgs;
  /** Mesh-wide PeerAuthentication mode. PERMISSIVE accepts plaintext. @default "STRICT" */
  readonly mtls?: "STRICT" | "PERMISSIVE";
  /** `meshConfig.outboundTrafficPolicy.mode`. @default "REGISTRY_ONLY" */
  readonly outboundTrafficPolicy?: "REGISTRY_ONLY" | "ALLOW_ANY";
  /** Sidecar proxy resources. @default { cpuRequest: "100m", memoryRequest: "128Mi", cpuLimit: "1", memoryLimit: "512Mi" } */
  readonly proxyResources?: ProxyResources;
  /** The SSO issuer the gateway validates (and whose `sub` keys the per-user rate limit). */
  readonly jwt?: JwtIssuer;
  readonly gateway: MeshGatewayArgs;
  /** Taint keys every mesh DaemonSet must tolerate (a GPU pod outside the mesh is a hole). @default ["nvidia.com/gpu"] */
  readonly tolerateTaints?: readonly string[];
  /**
   * Every CIDR of the VPC (primary and secondary), for the NetworkPolicies of the mesh's namespaces: the
   * load balancer reaches the gateway from inside it, and istiod's JWKS fetch goes anywhere but inside it.
   * @default the private ranges (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10): wider than any VPC
   */
  readonly vpcCidrs?: readonly string[];
  /**
   * Where EKS puts the control plane's network interfaces: the CIDRs of the subnets given to the cluster
   * (the management tier). The API server calls istiod's webhook from them, and they serve the API.
   * @default vpcCidrs
   * @see https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html#network-requirements-subnets
   */
  readonly controlPlaneCidrs?: readonly string[];
  /** Ports of the model servers the gateway forwards to (pod ports, as `SegmentedVpcArgs.meshServicePorts`). @default [8000] */
  readonly upstreamPorts?: readonly number[];
  /** Namespace of the metrics scraper, admitted to istiod's, the gateway's and the CNI agent's metrics ports. @default "monitoring" */
  readonly scraperNamespace?: string;
}

/** What `ServiceMesh` gives the namespaces it serves (`InferenceNamespaceArgs.mesh.gateway`). */
export interface MeshGatewayIdentity {
  /** Namespace of the ingress gateway. */
  readonly namespace: string;
  /** Its service account: the SPIFFE principal the model servers admit. */
  readonly serviceAccount: string;
  /** `<namespace>/<name>` of the Istio Gateway that VirtualServices bind to. */
  readonly gatewayRef: string;
}
