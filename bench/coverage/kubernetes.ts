/**
 * The Kubernetes and Istio flaws of the coverage comparison: a hardened workload (restricted Pod Security
 * Standard, pinned image, limits), RBAC, NetworkPolicy, ConfigMap and PeerAuthentication objects, each with
 * one flaw, written as `@pulumi/kubernetes` 4.x registers them (`kubernetes:<group>/<version>:<Kind>`).
 * Catalog IDs: Checkov's kubernetes checks (CKV_K8S_*), Trivy's (AVD-KSV-*), CIS EKS 1.4 and NSA-CISA
 * sections from Trivy's compliance maps (/work/briefs/compliance).
 */
import { type Flaw, type Res, mutate, pair } from "./model";

type Obj = Record<string, unknown>;

const NS = "llm-inference";
const IMAGE =
  "123456789012.dkr.ecr.us-east-1.amazonaws.com/vllm-openai@sha256:7d3f6a1b2c4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4";

const container = (name = "vllm"): Obj => ({
  name,
  image: IMAGE,
  ports: [{ containerPort: 8000 }],
  resources: {
    requests: { cpu: "4", memory: "16Gi", "nvidia.com/gpu": "1" },
    limits: { cpu: "8", memory: "32Gi", "nvidia.com/gpu": "1" },
  },
  securityContext: {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: 10001,
    runAsGroup: 10001,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  },
  livenessProbe: { httpGet: { path: "/health", port: 8000 } },
  readinessProbe: { httpGet: { path: "/health", port: 8000 } },
  volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
});

const podSpec = (): Obj => ({
  serviceAccountName: "vllm",
  automountServiceAccountToken: false,
  securityContext: {
    runAsNonRoot: true,
    runAsUser: 10001,
    runAsGroup: 10001,
    fsGroup: 10001,
    seccompProfile: { type: "RuntimeDefault" },
  },
  containers: [container()],
  volumes: [{ name: "tmp", emptyDir: { sizeLimit: "1Gi" } }],
});

const meta = (name: string) => ({ name, namespace: NS, labels: { app: "vllm" } });

const deployment = (id: string): Res[] => [
  {
    role: "workload",
    type: "kubernetes:apps/v1:Deployment",
    inputs: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta(id),
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: "vllm" } },
        template: { metadata: { labels: { app: "vllm" } }, spec: podSpec() },
      },
    },
  },
];
const cronJob = (id: string): Res[] => [
  {
    role: "workload",
    type: "kubernetes:batch/v1:CronJob",
    inputs: {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: meta(id),
      spec: {
        schedule: "0 3 * * *",
        jobTemplate: { spec: { template: { spec: { ...podSpec(), restartPolicy: "OnFailure" } } } },
      },
    },
  },
];
const pod = (id: string): Res[] => [
  {
    role: "workload",
    type: "kubernetes:core/v1:Pod",
    inputs: { apiVersion: "v1", kind: "Pod", metadata: meta(id), spec: podSpec() },
  },
];
const statefulSet = (id: string): Res[] => [
  {
    role: "workload",
    type: "kubernetes:apps/v1:StatefulSet",
    inputs: {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: meta(id),
      spec: {
        serviceName: id,
        selector: { matchLabels: { app: "vllm" } },
        template: { metadata: { labels: { app: "vllm" } }, spec: podSpec() },
      },
    },
  },
];

/** The pod spec inside a workload's inputs, whatever its kind. */
function specOf(inputs: Obj): Obj {
  const kind = inputs.kind;
  const spec = inputs.spec as Obj;
  if (kind === "Pod") return spec;
  if (kind === "CronJob") return (((spec.jobTemplate as Obj).spec as Obj).template as Obj).spec as Obj;
  return (spec.template as Obj).spec as Obj;
}
const first = (inputs: Obj): Obj => (specOf(inputs).containers as Obj[])[0]!;
const sc = (inputs: Obj): Obj => first(inputs).securityContext as Obj;

type Kind = (id: string) => Res[];
/** A workload flaw: the hardened workload of `kind`, and it changed by `change`. */
const workload = (
  id: string,
  form: string,
  catalog: string[],
  kind: Kind,
  change: (inputs: Obj) => unknown,
) =>
  pair(id, "Kubernetes workloads", form, catalog, (fid) => {
    const good = kind(fid);
    return { good, bad: mutate(good, "workload", change) };
  });

const workloads: Flaw[] = [
  workload(
    "k8s-privileged",
    "Deployment",
    ["CKV_K8S_16", "AVD-KSV-0017", "CIS EKS 4.2.1"],
    deployment,
    (i) => {
      sc(i).privileged = true;
    },
  ),
  workload(
    "k8s-privileged-cronjob",
    "CronJob (jobTemplate)",
    ["CKV_K8S_16", "AVD-KSV-0017", "CIS EKS 4.2.1"],
    cronJob,
    (i) => {
      sc(i).privileged = true;
    },
  ),
  workload("k8s-privileged-pod", "Pod", ["CKV_K8S_16", "AVD-KSV-0017", "CIS EKS 4.2.1"], pod, (i) => {
    sc(i).privileged = true;
  }),
  workload(
    "k8s-privileged-init-container",
    "Deployment initContainers",
    ["CKV_K8S_16", "AVD-KSV-0017"],
    deployment,
    (i) => {
      const init = container("fetch-weights");
      (init.securityContext as Obj).privileged = true;
      specOf(i).initContainers = [init];
    },
  ),
  workload(
    "k8s-privilege-escalation",
    "Deployment",
    ["CKV_K8S_20", "AVD-KSV-0001", "CIS EKS 4.2.5"],
    deployment,
    (i) => {
      sc(i).allowPrivilegeEscalation = true;
    },
  ),
  workload(
    "k8s-privilege-escalation-omitted",
    "StatefulSet, default omitted",
    ["CKV_K8S_20", "AVD-KSV-0001"],
    statefulSet,
    (i) => {
      delete sc(i).allowPrivilegeEscalation;
    },
  ),
  workload(
    "k8s-run-as-root",
    "Deployment, runAsUser 0",
    ["CKV_K8S_23", "AVD-KSV-0012", "CIS EKS 4.2.6"],
    deployment,
    (i) => {
      Object.assign(sc(i), { runAsNonRoot: false, runAsUser: 0 });
      Object.assign(specOf(i).securityContext as Obj, { runAsNonRoot: false, runAsUser: 0 });
    },
  ),
  workload("k8s-run-as-root-omitted", "Pod, defaults omitted", ["CKV_K8S_23", "AVD-KSV-0012"], pod, (i) => {
    for (const ctx of [sc(i), specOf(i).securityContext as Obj]) {
      delete ctx.runAsNonRoot;
      delete ctx.runAsUser;
      delete ctx.runAsGroup;
    }
  }),
  workload(
    "k8s-capabilities-not-dropped",
    "Deployment",
    ["CKV_K8S_37", "AVD-KSV-0003", "CIS EKS 4.2.8"],
    deployment,
    (i) => {
      delete sc(i).capabilities;
    },
  ),
  workload("k8s-capability-sys-admin", "Deployment", ["CKV_K8S_25", "CIS EKS 4.2.7"], deployment, (i) => {
    sc(i).capabilities = { drop: ["ALL"], add: ["SYS_ADMIN"] };
  }),
  workload(
    "k8s-host-network",
    "Deployment",
    ["CKV_K8S_19", "AVD-KSV-0009", "CIS EKS 4.2.4"],
    deployment,
    (i) => {
      specOf(i).hostNetwork = true;
    },
  ),
  workload(
    "k8s-host-pid-cronjob",
    "CronJob",
    ["CKV_K8S_17", "AVD-KSV-0010", "CIS EKS 4.2.2"],
    cronJob,
    (i) => {
      specOf(i).hostPID = true;
    },
  ),
  workload("k8s-host-path", "Deployment", ["AVD-KSV-0023"], deployment, (i) => {
    (specOf(i).volumes as Obj[]).push({ name: "host", hostPath: { path: "/var/run" } });
  }),
  workload("k8s-seccomp-missing", "Deployment, omitted", ["CKV_K8S_31", "AVD-KSV-0030"], deployment, (i) => {
    delete sc(i).seccompProfile;
    delete (specOf(i).securityContext as Obj).seccompProfile;
  }),
  workload("k8s-seccomp-unconfined", "Pod", ["CKV_K8S_31", "AVD-KSV-0030"], pod, (i) => {
    sc(i).seccompProfile = { type: "Unconfined" };
  }),
  workload(
    "k8s-root-fs-writable",
    "Deployment",
    ["CKV_K8S_22", "AVD-KSV-0014", "NSA-CISA Immutable container file systems"],
    deployment,
    (i) => {
      sc(i).readOnlyRootFilesystem = false;
    },
  ),
  workload(
    "k8s-limits-missing",
    "Deployment",
    ["CKV_K8S_11", "CKV_K8S_13", "AVD-KSV-0011", "AVD-KSV-0018"],
    deployment,
    (i) => {
      delete first(i).resources;
    },
  ),
  workload(
    "k8s-image-latest",
    "Deployment",
    ["CKV_K8S_14", "CKV_K8S_43", "AVD-KSV-0013"],
    deployment,
    (i) => {
      first(i).image = "vllm/vllm-openai:latest";
    },
  ),
  workload("k8s-secret-env", "Deployment env secretKeyRef", ["CKV_K8S_35"], deployment, (i) => {
    first(i).env = [{ name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: "hf", key: "token" } } }];
  }),
  workload(
    "k8s-token-automount",
    "Deployment, default omitted",
    ["CKV_K8S_38", "AVD-KSV-0036"],
    deployment,
    (i) => {
      delete specOf(i).automountServiceAccountToken;
    },
  ),
];

// ---- RBAC, NetworkPolicy, ConfigMap, Istio -----------------------------------------------------------------

const rbac = "rbac.authorization.k8s.io";
const role = (id: string, rules: Obj[], kind = "Role"): Res => ({
  role: "role",
  type: `kubernetes:${rbac}/v1:${kind}`,
  inputs: {
    apiVersion: `${rbac}/v1`,
    kind,
    metadata: kind === "Role" ? { name: id, namespace: NS } : { name: id },
    rules,
  },
});
const readPods = [{ apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list", "watch"] }];
const binding = (id: string, roleName: string): Res => ({
  role: "binding",
  type: `kubernetes:${rbac}/v1:ClusterRoleBinding`,
  inputs: {
    apiVersion: `${rbac}/v1`,
    kind: "ClusterRoleBinding",
    metadata: { name: id },
    roleRef: { apiGroup: rbac, kind: "ClusterRole", name: roleName },
    subjects: [{ kind: "ServiceAccount", name: "vllm", namespace: NS }],
  },
});
const netpol = (id: string, spec: Obj): Res => ({
  role: "netpol",
  type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
  inputs: {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: id, namespace: NS },
    spec,
  },
});
const configMap = (id: string, data: Obj): Res => ({
  role: "configmap",
  type: "kubernetes:core/v1:ConfigMap",
  inputs: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: id, namespace: NS }, data },
});
const peerAuth = (id: string, version: string, mode: string): Res => ({
  role: "peerauth",
  type: `kubernetes:security.istio.io/${version}:PeerAuthentication`,
  inputs: {
    apiVersion: `security.istio.io/${version}`,
    kind: "PeerAuthentication",
    metadata: { name: id, namespace: NS },
    spec: { mtls: { mode } },
  },
});

const cluster: Flaw[] = [
  pair(
    "k8s-rbac-cluster-admin-binding",
    "Kubernetes RBAC",
    "ClusterRoleBinding",
    ["AVD-KSV-0111", "CIS EKS 4.1.1"],
    (id) => ({
      good: [binding(id, "vllm-read")],
      bad: [binding(id, "cluster-admin")],
    }),
  ),
  pair(
    "k8s-rbac-wildcard-role",
    "Kubernetes RBAC",
    "Role",
    ["CKV_K8S_49", "AVD-KSV-0044", "CIS EKS 4.1.3"],
    (id) => ({
      good: [role(id, readPods)],
      bad: [role(id, [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }])],
    }),
  ),
  pair("k8s-rbac-pod-exec", "Kubernetes RBAC", "Role", ["AVD-KSV-0053"], (id) => ({
    good: [role(id, readPods)],
    bad: [role(id, [...readPods, { apiGroups: [""], resources: ["pods/exec"], verbs: ["create"] }])],
  })),
  pair("k8s-rbac-escalate", "Kubernetes RBAC", "ClusterRole", ["CKV_K8S_158", "CIS EKS 4.1.8"], (id) => ({
    good: [role(id, readPods, "ClusterRole")],
    bad: [
      role(
        id,
        [...readPods, { apiGroups: [rbac], resources: ["clusterroles"], verbs: ["escalate", "bind"] }],
        "ClusterRole",
      ),
    ],
  })),
  pair("k8s-rbac-secrets", "Kubernetes RBAC", "ClusterRole", ["AVD-KSV-0041", "CIS EKS 4.1.2"], (id) => ({
    good: [role(id, readPods, "ClusterRole")],
    bad: [
      role(
        id,
        [...readPods, { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list"] }],
        "ClusterRole",
      ),
    ],
  })),
  pair(
    "k8s-netpol-allow-all-ingress",
    "Kubernetes network",
    "NetworkPolicy",
    ["NSA-CISA Network separation and hardening"],
    (id) => ({
      good: [
        netpol(id, {
          podSelector: { matchLabels: { app: "vllm" } },
          policyTypes: ["Ingress"],
          ingress: [
            {
              from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress" } } }],
              ports: [{ port: 8000, protocol: "TCP" }],
            },
          ],
        }),
      ],
      bad: [netpol(id, { podSelector: {}, policyTypes: ["Ingress"], ingress: [{}] })],
    }),
  ),
  pair("k8s-configmap-aws-secret", "Kubernetes config", "ConfigMap data", ["AVD-KSV-0109"], (id) => ({
    good: [configMap(id, { MODEL: "llama-3.1-8b", MAX_MODEL_LEN: "8192" })],
    bad: [
      configMap(id, {
        MODEL: "llama-3.1-8b",
        AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
        AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      }),
    ],
  })),
  pair("istio-peerauth-permissive", "Istio", "security.istio.io/v1beta1", ["Istio Mutual TLS"], (id) => ({
    good: [peerAuth(id, "v1beta1", "STRICT")],
    bad: [peerAuth(id, "v1beta1", "PERMISSIVE")],
  })),
  pair("istio-peerauth-disable", "Istio", "security.istio.io/v1", ["Istio Mutual TLS"], (id) => ({
    good: [peerAuth(id, "v1", "STRICT")],
    bad: [peerAuth(id, "v1", "DISABLE")],
  })),
];

export const KUBERNETES_FLAWS: Flaw[] = [...workloads, ...cluster];
