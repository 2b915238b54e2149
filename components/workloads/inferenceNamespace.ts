import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { assertValidArgs } from "../shared/problems";
import type { NamespaceMeshArgs } from "./inferenceNamespace.mesh.args";
import { resolveMesh } from "./inferenceNamespace.mesh.defaults";
import { meshObjects } from "./inferenceNamespace.mesh";
import {
  INFERENCE_NAMESPACE_DEFAULTS,
  MESH_INJECTION_LABEL,
  limitRangeSpec,
  networkPolicies,
  podSecurityLabels,
  quotaHard,
  serviceAccountSpecs,
  validateInferenceNamespaceArgs,
  type ContainerDefaults,
  type EgressRule,
  type OutsideHttps,
  type NamespaceQuota,
  type ServiceAccountSpec,
} from "./inferenceNamespace.logic";

export {
  validateInferenceNamespaceArgs,
  INFERENCE_NAMESPACE_DEFAULTS,
  type ContainerDefaults,
  type EgressRule,
  type NamespaceQuota,
  type ServiceAccountSpec,
};

export interface InferenceNamespaceArgs {
  /** The Kubernetes provider of the cluster (`HardenedCluster.kubeProvider`). */
  readonly kubeProvider: k8s.Provider;
  /** Name of the Kubernetes namespace. */
  readonly namespace: string;
  /** ResourceQuota totals: CPU, memory, GPUs, pods. */
  readonly quota: NamespaceQuota;
  /**
   * LimitRange container defaults.
   * @default { cpuRequest: "250m", memoryRequest: "512Mi", cpuLimit: "1", memoryLimit: "2Gi" }
   */
  readonly defaults?: Partial<ContainerDefaults>;
  /**
   * Workload service accounts; a name alone means no API token is mounted.
   * @default []
   */
  readonly serviceAccounts?: readonly (string | ServiceAccountSpec)[];
  /**
   * Tiers pods may open TCP connections to (besides DNS), with their CIDRs as plain data.
   * @default [] (no egress but DNS)
   */
  readonly egress?: readonly EgressRule[];
  /**
   * Let pods open HTTPS connections to addresses outside the VPC (the S3 gateway endpoint for model
   * artifacts; in firewall mode, the allow-listed domains such as a model hub). Never to the VPC itself.
   * @default none
   */
  readonly outsideHttps?: OutsideHttps;
  /**
   * Namespace of the mesh ingress gateway, the only allowed source of inbound traffic.
   * @default "istio-ingress"
   */
  readonly meshIngressNamespace?: string;
  /**
   * Pod Security Standards version pinned in the namespace labels.
   * @default "v1.33"
   */
  readonly podSecurityVersion?: string;
  /**
   * Extra labels on the namespace; the PSA labels (and, with `mesh`, `istio-injection`) always win.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Put the namespace in the service mesh: sidecar injection, STRICT mTLS, an allow-nothing
   * AuthorizationPolicy with explicit allows (the gateway to the API, with a valid JWT when `jwt` is
   * set; the scraper to `/metrics`), circuit breakers, routes on the gateway, per-pod rate limits, and
   * NetworkPolicies narrowed to those flows plus istiod.
   * @default none (no mesh objects; ingress from `meshIngressNamespace` on any port)
   */
  readonly mesh?: NamespaceMeshArgs;
}

/**
 * A namespace for inference workloads, locked down by default: Pod Security `restricted` (enforced,
 * audited, warned, pinned version), default-deny NetworkPolicies with only DNS, mesh ingress and the
 * listed tiers allowed, a ResourceQuota that includes GPUs and forbids LoadBalancer and NodePort
 * Services, LimitRange defaults, and service accounts without automounted tokens.
 */
export class InferenceNamespace extends pulumi.ComponentResource {
  readonly namespaceName: pulumi.Output<string>;
  readonly serviceAccountNames: readonly string[];

  constructor(name: string, args: InferenceNamespaceArgs, opts: pulumi.ComponentResourceOptions = {}) {
    assertValidArgs("InferenceNamespace", name, validateInferenceNamespaceArgs(args));
    super("rampart:workloads:InferenceNamespace", name, {}, opts);

    const d = INFERENCE_NAMESPACE_DEFAULTS;
    const ns = args.namespace;
    const childOpts = { parent: this, provider: args.kubeProvider };

    const namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      {
        metadata: {
          name: ns,
          labels: {
            ...(args.labels ?? {}),
            ...(args.mesh ? { [MESH_INJECTION_LABEL]: "enabled" } : {}),
            ...podSecurityLabels(args.podSecurityVersion ?? d.podSecurityVersion),
          },
        },
      },
      childOpts,
    );
    const inNs = { ...childOpts, dependsOn: [namespace] };
    const mesh = args.mesh ? resolveMesh(args.mesh) : undefined;

    for (const policy of networkPolicies(
      ns,
      mesh?.gateway.namespace ?? args.meshIngressNamespace ?? d.meshIngressNamespace,
      args.egress ?? d.egress,
      args.outsideHttps,
      mesh,
    )) {
      new k8s.networking.v1.NetworkPolicy(`${name}-${policy.metadata.name}`, policy, inNs);
    }

    new k8s.core.v1.ResourceQuota(
      `${name}-quota`,
      { metadata: { name: "inference-quota", namespace: ns }, spec: { hard: quotaHard(args.quota) } },
      inNs,
    );
    new k8s.core.v1.LimitRange(
      `${name}-limits`,
      {
        metadata: { name: "container-defaults", namespace: ns },
        spec: limitRangeSpec({ ...d.limits, ...(args.defaults ?? {}) }),
      },
      inNs,
    );

    const accounts = serviceAccountSpecs(args.serviceAccounts ?? d.serviceAccounts);
    for (const sa of accounts) {
      new k8s.core.v1.ServiceAccount(
        `${name}-sa-${sa.name}`,
        {
          metadata: { name: sa.name, namespace: ns },
          // No API token in pods unless the workload asks for one.
          // https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
          automountServiceAccountToken: sa.automountToken ?? false,
        },
        inNs,
      );
    }

    if (mesh) {
      // STRICT mTLS and allow-nothing first; every other mesh object waits for both, so no allow,
      // route or filter ever exists without the deny it narrows.
      const [peer, allowNothing, ...rest] = meshObjects(ns, mesh);
      const guards = [peer!, allowNothing!].map(
        (o) => new k8s.apiextensions.CustomResource(meshChildName(name, o), { ...o }, inNs),
      );
      for (const o of rest) {
        new k8s.apiextensions.CustomResource(
          meshChildName(name, o),
          { ...o },
          {
            ...childOpts,
            dependsOn: [namespace, ...guards],
          },
        );
      }
    }

    this.namespaceName = namespace.metadata.name;
    this.serviceAccountNames = accounts.map((s) => s.name);
    this.registerOutputs({
      namespaceName: this.namespaceName,
      serviceAccountNames: this.serviceAccountNames,
    });
  }
}

/** `<component>-<kind>-<object>`, e.g. `ns-llm-inference-authorizationpolicy-allow-nothing`. */
function meshChildName(component: string, o: { kind: string; metadata: { name: string } }): string {
  return `${component}-${o.kind.toLowerCase()}-${o.metadata.name}`;
}
