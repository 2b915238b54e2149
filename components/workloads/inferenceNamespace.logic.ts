import { cidrProblem } from "../network/subnetPlan";
import { type ArgPath, type ArgProblem, Problems } from "../shared/problems";
import type { InferenceNamespaceArgs } from "./inferenceNamespace";
import { dnsLabelProblem, labelKeyProblem, labelValueProblem } from "../shared/rules";
import { type NetworkPolicyObject, withQuarantine } from "../shared/networkPolicy";
import type { ResolvedMesh } from "./inferenceNamespace.mesh.defaults";
import { meshNetworkPolicies } from "./inferenceNamespace.mesh.network";
import { validateNamespaceMeshArgs } from "./inferenceNamespace.mesh.validate";

/**
 * Pure logic for `InferenceNamespace`: defaults, validation, and the Kubernetes objects as plain data
 * (the component only hands them to the provider), so tests and the schema check see exactly what is
 * applied.
 */

/** The defaults of `InferenceNamespaceArgs`, resolved once. */
export const INFERENCE_NAMESPACE_DEFAULTS = {
  /** Namespace of the mesh ingress gateway, the only source of inbound traffic. */
  meshIngressNamespace: "istio-ingress",
  /**
   * Pod Security Standards version the labels pin (a cluster upgrade does not silently change the rules).
   * https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces
   */
  podSecurityVersion: "v1.33",
  /** Egress port to other tiers when a rule names none. */
  egressPorts: [443] as readonly number[],
  limits: { cpuRequest: "250m", memoryRequest: "512Mi", cpuLimit: "1", memoryLimit: "2Gi" },
  serviceAccounts: [] as readonly (string | ServiceAccountSpec)[],
  egress: [] as readonly EgressRule[],
} as const;

export interface NamespaceQuota {
  /** Total CPU requested and limited across the namespace (e.g. "16"). */
  readonly cpu: string;
  /** Total memory requested and limited (e.g. "64Gi"). */
  readonly memory: string;
  /** Total `nvidia.com/gpu` requested. */
  readonly gpus: number;
  /** Maximum number of pods. */
  readonly pods: number;
}

export interface ContainerDefaults {
  readonly cpuRequest: string;
  readonly memoryRequest: string;
  readonly cpuLimit: string;
  readonly memoryLimit: string;
}

export interface ServiceAccountSpec {
  readonly name: string;
  /** Mount an API token into pods of this account (off unless the workload calls the Kubernetes API). */
  readonly automountToken?: boolean;
}

/** Egress to one network tier: its CIDRs (plain data, from the subnet plan) and ports. */
export interface EgressRule {
  /** Tier name (`data`, `logging`, ...), used in the policy's name. */
  readonly name: string;
  readonly cidrs: readonly string[];
  /** TCP ports. @default [443] */
  readonly ports?: readonly number[];
}

/**
 * Pods may open HTTPS connections to addresses outside the VPC (never inside it: `vpcCidrs` are excepted).
 * Where that leads is the VPC's decision: the S3 gateway endpoint, and the firewall's domain allow-list.
 */
export interface OutsideHttps {
  /** Every CIDR of the VPC (primary and secondary). */
  readonly vpcCidrs: readonly string[];
}

/** The plain (shape-deciding) part of the Args, which is what validation sees. */
export type InferenceNamespacePlainArgs = Pick<
  InferenceNamespaceArgs,
  | "namespace"
  | "quota"
  | "defaults"
  | "serviceAccounts"
  | "egress"
  | "outsideHttps"
  | "meshIngressNamespace"
  | "podSecurityVersion"
  | "labels"
  | "mesh"
>;

/** Namespaces Kubernetes, EKS add-ons and the mesh own: never an inference namespace. */
const RESERVED_NAMESPACES = new Set([
  "default",
  "kube-system",
  "kube-public",
  "kube-node-lease",
  "istio-system",
  "istio-ingress",
  "istio-cni",
]);
const QUANTITY = /^([0-9]+(?:\.[0-9]+)?)(m|k|Ki|Mi|Gi|Ti|Pi|M|G|T|P)?$/;
const MULTIPLIER: Record<string, number> = {
  "": 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
};

/** A Kubernetes quantity as a number (cores or bytes), or undefined if it is not one. */
export function parseQuantity(q: string): number | undefined {
  const m = QUANTITY.exec(q);
  return m ? Number(m[1]) * MULTIPLIER[m[2] ?? ""]! : undefined;
}

export function serviceAccountSpecs(list: readonly (string | ServiceAccountSpec)[]): ServiceAccountSpec[] {
  return list.map((s) => (typeof s === "string" ? { name: s } : s));
}

/** Every problem with the Args, each naming the field. Empty means valid. */
export function validateInferenceNamespaceArgs(args: InferenceNamespacePlainArgs): ArgProblem[] {
  const found = new Problems();
  const at = (path: ArgPath, value: unknown, message: string) => found.at(path, value, message);

  if (dnsLabelProblem(args.namespace)) at(["namespace"], args.namespace, dnsLabelProblem(args.namespace)!);
  else if (
    RESERVED_NAMESPACES.has(args.namespace) ||
    args.namespace.startsWith("kube-") ||
    args.namespace === args.meshIngressNamespace
  )
    at(["namespace"], args.namespace, "is a system namespace (choose a namespace of your own)");

  const quantity = (field: ArgPath, value: string) => {
    const n = parseQuantity(value);
    if (n === undefined) at(field, value, 'is not a Kubernetes quantity (expected e.g. "500m", "4", "16Gi")');
    return n;
  };
  const cpu = quantity(["quota", "cpu"], args.quota.cpu);
  const memory = quantity(["quota", "memory"], args.quota.memory);
  if (!Number.isInteger(args.quota.gpus) || args.quota.gpus < 0)
    at(["quota", "gpus"], args.quota.gpus, "must be a non-negative integer");
  if (!Number.isInteger(args.quota.pods) || args.quota.pods < 1)
    at(["quota", "pods"], args.quota.pods, "must be a positive integer");

  const defaults = { ...INFERENCE_NAMESPACE_DEFAULTS.limits, ...(args.defaults ?? {}) };
  const cpuRequest = quantity(["defaults", "cpuRequest"], defaults.cpuRequest);
  const cpuLimit = quantity(["defaults", "cpuLimit"], defaults.cpuLimit);
  const memRequest = quantity(["defaults", "memoryRequest"], defaults.memoryRequest);
  const memLimit = quantity(["defaults", "memoryLimit"], defaults.memoryLimit);
  if (cpuRequest !== undefined && cpuLimit !== undefined && cpuRequest > cpuLimit)
    at(["defaults", "cpuRequest"], defaults.cpuRequest, `is above defaults.cpuLimit (${defaults.cpuLimit})`);
  if (memRequest !== undefined && memLimit !== undefined && memRequest > memLimit)
    at(
      ["defaults", "memoryRequest"],
      defaults.memoryRequest,
      `is above defaults.memoryLimit (${defaults.memoryLimit})`,
    );
  if (cpu !== undefined && cpuLimit !== undefined && cpuLimit > cpu)
    at(
      ["defaults", "cpuLimit"],
      defaults.cpuLimit,
      `is above quota.cpu (${args.quota.cpu}); no pod could start`,
    );
  if (memory !== undefined && memLimit !== undefined && memLimit > memory)
    at(
      ["defaults", "memoryLimit"],
      defaults.memoryLimit,
      `is above quota.memory (${args.quota.memory}); no pod could start`,
    );

  const seen = new Set<string>();
  serviceAccountSpecs(args.serviceAccounts ?? []).forEach((sa, i) => {
    if (dnsLabelProblem(sa.name)) at(["serviceAccounts", i], sa.name, dnsLabelProblem(sa.name)!);
    else if (sa.name === "default")
      at(["serviceAccounts", i], sa.name, "is created by Kubernetes (choose another name)");
    if (seen.has(sa.name)) at(["serviceAccounts", i], sa.name, "is listed twice");
    seen.add(sa.name);
  });

  const ruleNames = new Set<string>();
  (args.egress ?? []).forEach((rule, i) => {
    if (dnsLabelProblem(rule.name)) at(["egress", i, "name"], rule.name, dnsLabelProblem(rule.name)!);
    if (ruleNames.has(rule.name)) at(["egress", i, "name"], rule.name, "is listed twice");
    ruleNames.add(rule.name);
    if (rule.cidrs.length === 0) at(["egress", i, "cidrs"], rule.cidrs, "is empty (list the tier's CIDRs)");
    rule.cidrs.forEach((c, j) => {
      const problem = cidrProblem(c);
      if (problem) at(["egress", i, "cidrs", j], c, problem);
      else if (c.endsWith("/0"))
        at(["egress", i, "cidrs", j], c, "allows egress to every address (list the tier's CIDRs)");
    });
    (rule.ports ?? []).forEach((p, j) => {
      if (!Number.isInteger(p) || p < 1 || p > 65535)
        at(["egress", i, "ports", j], p, "is not a TCP port (1-65535)");
    });
  });

  if (args.outsideHttps) {
    if (args.outsideHttps.vpcCidrs.length === 0)
      at(["outsideHttps", "vpcCidrs"], [], "is empty (list the VPC's CIDRs, which stay excluded)");
    args.outsideHttps.vpcCidrs.forEach((c, i) => {
      const problem = cidrProblem(c);
      if (problem) at(["outsideHttps", "vpcCidrs", i], c, problem);
    });
  }
  for (const [key, value] of Object.entries(args.labels ?? {})) {
    const bad = labelKeyProblem(key) ?? labelValueProblem(value);
    if (bad) at(["labels", key], value, bad);
  }
  const ingressNs = args.meshIngressNamespace ?? INFERENCE_NAMESPACE_DEFAULTS.meshIngressNamespace;
  if (dnsLabelProblem(ingressNs)) at(["meshIngressNamespace"], ingressNs, dnsLabelProblem(ingressNs)!);
  if (args.mesh) {
    found.list.push(
      ...validateNamespaceMeshArgs(args.mesh, {
        namespace: args.namespace,
        outsideHttps: args.outsideHttps !== undefined,
      }),
    );
    // One gateway namespace: the mesh's, which its NetworkPolicies admit.
    if (args.meshIngressNamespace !== undefined && args.meshIngressNamespace !== args.mesh.gateway.namespace)
      at(
        ["meshIngressNamespace"],
        args.meshIngressNamespace,
        `differs from mesh.gateway.namespace (${args.mesh.gateway.namespace}); leave it unset with mesh`,
      );
    const injection = args.labels?.[MESH_INJECTION_LABEL];
    if (injection !== undefined && injection !== "enabled")
      at(
        ["labels", MESH_INJECTION_LABEL],
        injection,
        'conflicts with mesh (its pods need sidecars: "enabled")',
      );
  }
  const psv = args.podSecurityVersion ?? INFERENCE_NAMESPACE_DEFAULTS.podSecurityVersion;
  if (!/^v1\.\d+$/.test(psv))
    at(
      ["podSecurityVersion"],
      psv,
      'is not a pinned Kubernetes version (expected e.g. "v1.33", not "latest")',
    );
  return found.list;
}

/**
 * The namespace label that makes istiod's webhook inject sidecars. With istio-cni the injected init
 * container (`istio-validation`) adds no capability and runs as 1337, and the proxy drops ALL
 * capabilities, runs as non-root without privilege escalation: a pod that sets `seccompProfile:
 * RuntimeDefault` at pod level still passes Pod Security `restricted`. (Without CNI, `istio-init` needs
 * NET_ADMIN and NET_RAW, which even `baseline` refuses.)
 * https://istio.io/latest/docs/setup/additional-setup/pod-security-admission/
 * https://github.com/istio/istio/blob/master/manifests/charts/istio-control/istio-discovery/files/injection-template.yaml
 */
export const MESH_INJECTION_LABEL = "istio-injection";

/** Pod Security Admission labels: `restricted`, enforced, audited and warned, at a pinned version. */
export function podSecurityLabels(version: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const mode of ["enforce", "audit", "warn"]) {
    labels[`pod-security.kubernetes.io/${mode}`] = "restricted";
    labels[`pod-security.kubernetes.io/${mode}-version`] = version;
  }
  return labels;
}

export type { NetworkPolicyObject };

/**
 * The namespace's NetworkPolicies: deny everything in and out, then allow DNS to kube-dns, ingress from
 * the mesh ingress namespace, and TCP egress to each listed tier. Policies are additive, so each allow
 * opens exactly its flow. With `mesh`, ingress is narrowed to the endpoints' pods and ports (and the
 * scraper's), and sidecars may reach istiod (`meshNetworkPolicies`). Every allow excludes pods labelled
 * for quarantine, and `quarantine` denies them everything (`withQuarantine`, docs/runbooks/).
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export function networkPolicies(
  namespace: string,
  meshIngressNamespace: string,
  egress: readonly EgressRule[],
  outsideHttps?: OutsideHttps,
  mesh?: ResolvedMesh,
): NetworkPolicyObject[] {
  const policy = (name: string, spec: NetworkPolicyObject["spec"]): NetworkPolicyObject => ({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace },
    spec,
  });
  const nsSelector = (name: string) => ({ matchLabels: { "kubernetes.io/metadata.name": name } });
  return withQuarantine([
    policy("default-deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
    policy("allow-dns", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            {
              namespaceSelector: nsSelector("kube-system"),
              podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
            },
          ],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ],
    }),
    ...(mesh
      ? meshNetworkPolicies(mesh).map((p) => policy(p.name, p.spec))
      : [
          policy("allow-mesh-ingress", {
            podSelector: {},
            policyTypes: ["Ingress"],
            ingress: [{ from: [{ namespaceSelector: nsSelector(meshIngressNamespace) }] }],
          }),
        ]),
    // HTTPS to addresses outside the VPC: the S3 gateway endpoint (model artifacts) and, in firewall
    // mode, the allow-listed domains through Network Firewall, which does the filtering by name.
    ...(outsideHttps
      ? [
          policy("allow-egress-outside-vpc-https", {
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
              {
                to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [...outsideHttps.vpcCidrs] } }],
                ports: [{ protocol: "TCP", port: 443 }],
              },
            ],
          }),
        ]
      : []),
    ...egress.map((rule) =>
      policy(`allow-egress-${rule.name}`, {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
          {
            to: rule.cidrs.map((cidr) => ({ ipBlock: { cidr } })),
            ports: (rule.ports ?? INFERENCE_NAMESPACE_DEFAULTS.egressPorts).map((port) => ({
              protocol: "TCP",
              port,
            })),
          },
        ],
      }),
    ),
  ]);
}

/**
 * Hard limits: CPU and memory (requests and limits), GPUs, pods, and no LoadBalancer or NodePort
 * Services (exposure goes through the mesh ingress only).
 * https://kubernetes.io/docs/concepts/policy/resource-quotas/
 */
export function quotaHard(quota: NamespaceQuota): Record<string, string> {
  return {
    "requests.cpu": quota.cpu,
    "limits.cpu": quota.cpu,
    "requests.memory": quota.memory,
    "limits.memory": quota.memory,
    "requests.nvidia.com/gpu": String(quota.gpus),
    pods: String(quota.pods),
    "services.loadbalancers": "0",
    "services.nodeports": "0",
  };
}

/** Container defaults, so pods without requests/limits still count against the quota sensibly. */
export function limitRangeSpec(defaults: ContainerDefaults) {
  return {
    limits: [
      {
        type: "Container",
        defaultRequest: { cpu: defaults.cpuRequest, memory: defaults.memoryRequest },
        default: { cpu: defaults.cpuLimit, memory: defaults.memoryLimit },
      },
    ],
  };
}
