import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { assertValidArgs } from "../shared/problems";
import { createMeshCa } from "./meshCa";
import type { MeshGatewayIdentity, ServiceMeshArgs } from "./serviceMesh.args";
import {
  MESH_GATEWAY_IDENTITY,
  ISTIO_CHART_REPO,
  MESH_NAMES,
  SERVICE_MESH_DEFAULTS,
  TESTED_ISTIO_VERSION,
  validateServiceMeshArgs,
} from "./serviceMesh.logic";
import {
  baseValues,
  cniValues,
  gatewayValues,
  istiodValues,
  MESH_NAMESPACES,
  podSecurityLabels,
  POD_SECURITY_VERSION,
} from "./serviceMesh.values";
import { meshNamespacePolicies } from "./serviceMesh.networkPolicies";
import {
  gatewayRateLimit,
  gatewayRequestAuthentication,
  gatewayRequestSizeLimit,
  gatewayRequireJwt,
  ingressGateway,
  meshPeerAuthentication,
  type IstioObject,
} from "./serviceMesh.manifests";

export type { ServiceMeshArgs, MeshGatewayIdentity };

/** Helm release names (the gateway's is also its Deployment, Service and service account name). */
const RELEASE_NAMES = {
  base: "istio-base",
  cni: "istio-cni",
  istiod: "istiod",
  gateway: MESH_NAMES.gatewayRelease,
} as const;
export { validateServiceMeshArgs, SERVICE_MESH_DEFAULTS, TESTED_ISTIO_VERSION };

/**
 * Istio from its official charts with istio-cni (no NET_ADMIN in app pods), our own CA as `cacerts`,
 * mesh-wide mTLS, REGISTRY_ONLY egress, JSON access logs, and the ingress gateway the edge load balancer
 * targets on fixed node ports: HTTPS only, JWT required when an issuer is given, per-caller rate limit and
 * request-size limit. Each of its namespaces denies all traffic but Istio's own flows
 * (serviceMesh.networkPolicies.ts). Install order: namespaces and their NetworkPolicies, base (CRDs), cni,
 * cacerts, istiod, gateway, then the Istio objects (they need base's CRDs, the gateway objects also its
 * pods' namespace and certificate).
 */
export class ServiceMesh extends pulumi.ComponentResource {
  readonly gatewayIdentity: MeshGatewayIdentity;
  readonly rootCertPem: pulumi.Output<string>;
  readonly controlPlaneNamespace: string;
  /**
   * What mesh users wait for: the CRDs (base), the CNI and istiod with its injection webhook. A namespace's
   * Istio objects and injected pods `dependsOn` these.
   */
  readonly ready: pulumi.Resource[];

  constructor(name: string, args: ServiceMeshArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { kubeProvider, ...plain } = args;
    assertValidArgs("ServiceMesh", name, validateServiceMeshArgs(plain));
    super("rampart:mesh:ServiceMesh", name, {}, opts);

    const d = SERVICE_MESH_DEFAULTS;
    const hub = args.imageHub ?? d.imageHub;
    const childOpts = { parent: this, provider: kubeProvider };

    const namespaces = Object.fromEntries(
      MESH_NAMESPACES.map((ns) => [
        ns.name,
        new k8s.core.v1.Namespace(
          `${name}-ns-${ns.name}`,
          { metadata: { name: ns.name, labels: podSecurityLabels(ns.level, POD_SECURITY_VERSION) } },
          childOpts,
        ),
      ]),
    ) as Record<string, k8s.core.v1.Namespace>;
    // Each namespace denies everything but Istio's own flows before the charts start pods in it.
    const vpcCidrs = args.vpcCidrs ?? d.vpcCidrs;
    const policies: Record<string, k8s.networking.v1.NetworkPolicy[]> = {};
    for (const np of meshNamespacePolicies({
      vpcCidrs,
      controlPlaneCidrs: args.controlPlaneCidrs ?? vpcCidrs,
      upstreamPorts: args.upstreamPorts ?? d.upstreamPorts,
      scraperNamespace: args.scraperNamespace ?? d.scraperNamespace,
      jwks: args.jwt !== undefined,
    })) {
      const ns = np.metadata.namespace;
      (policies[ns] ??= []).push(
        new k8s.networking.v1.NetworkPolicy(`${name}-np-${ns}-${np.metadata.name}`, np, {
          ...childOpts,
          dependsOn: [namespaces[ns]!],
        }),
      );
    }
    const controlNs = namespaces[MESH_NAMES.controlPlaneNamespace]!;
    const gatewayNs = namespaces[MESH_NAMES.gatewayNamespace]!;

    // atomic: a failed install or upgrade is rolled back and `pulumi up` fails with Helm's error (the
    // release waits for its resources to be ready: no skipAwait); cleanupOnFail removes what a failed
    // upgrade created. https://www.pulumi.com/registry/packages/kubernetes/api-docs/helm/v3/release/
    const release = (
      role: keyof typeof RELEASE_NAMES,
      chart: string,
      namespace: string,
      values: Record<string, unknown>,
      dependsOn: pulumi.Resource[],
    ) =>
      new k8s.helm.v3.Release(
        `${name}-${role}`,
        {
          name: RELEASE_NAMES[role],
          chart,
          version: args.version,
          repositoryOpts: { repo: ISTIO_CHART_REPO },
          namespace,
          values,
          atomic: true,
          cleanupOnFail: true,
          skipAwait: false,
          timeout: d.helmTimeoutSeconds,
        },
        { ...childOpts, dependsOn },
      );

    const base = release("base", "base", MESH_NAMES.controlPlaneNamespace, baseValues(), [controlNs]);
    const cni = release(
      "cni",
      "cni",
      MESH_NAMES.cniNamespace,
      cniValues(hub, args.version, args.tolerateTaints ?? d.tolerateTaints),
      [namespaces[MESH_NAMES.cniNamespace]!, base, ...policies[MESH_NAMES.cniNamespace]!],
    );

    const hosts = args.gateway.hosts;
    const ca = createMeshCa(name, args.ca ?? d.ca, hosts, this, {
      provider: kubeProvider,
      controlPlaneNamespace: controlNs,
      gatewayNamespace: gatewayNs,
    });

    // istiod only uses the plug-in CA if cacerts exists when it starts; otherwise it makes its own.
    const istiod = release(
      "istiod",
      "istiod",
      MESH_NAMES.controlPlaneNamespace,
      istiodValues({
        hub,
        version: args.version,
        outboundTrafficPolicy: args.outboundTrafficPolicy ?? d.outboundTrafficPolicy,
        proxyResources: args.proxyResources ?? d.proxyResources,
        proxyImage: args.proxyImage,
      }),
      [base, cni, ca.cacerts, ...policies[MESH_NAMES.controlPlaneNamespace]!],
    );
    // The gateway's proxy image is injected by istiod's webhook ("image: auto"): istiod first.
    const gateway = release(
      "gateway",
      "gateway",
      MESH_NAMES.gatewayNamespace,
      gatewayValues({
        replicas: args.gateway.replicas ?? d.replicas,
        resources: args.proxyResources ?? d.proxyResources,
      }),
      [gatewayNs, istiod, ca.gatewayCredential, ...policies[MESH_NAMES.gatewayNamespace]!],
    );

    const rate = args.gateway.rateLimitPerUser ?? d.rateLimitPerUser;
    const objects: IstioObject[] = [
      meshPeerAuthentication(args.mtls ?? d.mtls),
      ingressGateway(hosts),
      gatewayRateLimit({
        istioVersion: args.version,
        requestsPerMinute: rate.requestsPerMinute,
        burst: rate.burst ?? d.rateLimitPerUser.burst,
        jwt: args.jwt !== undefined,
      }),
      gatewayRequestSizeLimit(args.version, args.gateway.maxRequestBytes ?? d.maxRequestBytes),
      ...(args.jwt ? [gatewayRequestAuthentication(args.jwt), gatewayRequireJwt(args.jwt)] : []),
    ];
    for (const obj of objects)
      new k8s.apiextensions.CustomResource(`${name}-${obj.metadata.name}`, obj, {
        ...childOpts,
        dependsOn: [
          base,
          istiod,
          ...(obj.metadata.namespace === MESH_NAMES.gatewayNamespace ? [gateway] : []),
        ],
      });

    this.gatewayIdentity = MESH_GATEWAY_IDENTITY;
    this.rootCertPem = ca.rootCertPem;
    this.controlPlaneNamespace = MESH_NAMES.controlPlaneNamespace;
    this.ready = [base, cni, istiod];
    this.registerOutputs({
      gatewayIdentity: this.gatewayIdentity,
      rootCertPem: this.rootCertPem,
      controlPlaneNamespace: this.controlPlaneNamespace,
    });
  }
}
