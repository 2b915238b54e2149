import { type ArgProblem, Problems } from "../shared/problems";
import {
  dnsLabelProblem,
  labelKeyProblem,
  labelValueProblem,
  reservedLabelProblem,
  tagArgProblems,
} from "../shared/rules";
import { diskSizeProblems, scalingProblems, type Scaling } from "./nodeGroup.logic";

/**
 * Pure logic for `GpuNodePool` and the cluster-wide NVIDIA software: which instance types and AMI types
 * carry NVIDIA GPUs, the taint and labels that fence GPU nodes off, argument validation and the Helm
 * values of the device plugin and DCGM exporter.
 */

/** EC2 instance families that carry NVIDIA GPUs (Graviton `g5g` included: it pairs with ARM AMIs). */
export const GPU_INSTANCE_FAMILIES = [
  "g4dn",
  "g5",
  "g5g",
  "g6",
  "g6e",
  "gr6",
  "p3",
  "p3dn",
  "p4d",
  "p4de",
  "p5",
  "p5e",
  "p5en",
  "p6-b200",
] as const;
export const ARM_GPU_FAMILIES: ReadonlySet<string> = new Set(["g5g"]);

/**
 * EKS managed node group AMI types that ship the NVIDIA driver and container toolkit.
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html#AmazonEKS-Type-Nodegroup-amiType
 */
export const NVIDIA_AMI_TYPES = [
  "AL2023_x86_64_NVIDIA",
  "AL2023_ARM_64_NVIDIA",
  "BOTTLEROCKET_x86_64_NVIDIA",
  "BOTTLEROCKET_ARM_64_NVIDIA",
] as const;

/**
 * The taint that keeps every pod without a matching toleration off GPU nodes.
 * EKS spells effects in upper snake case (`NO_SCHEDULE`), Kubernetes as `NoSchedule`.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/node-taints-managed-node-groups.html
 */
export const GPU_TAINT = { key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" } as const;
export const GPU_TOLERATION = { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" } as const;

/**
 * Labels on every GPU node. `nvidia.com/gpu.present` is the label the NVIDIA charts' own node affinity
 * accepts when Node Feature Discovery is not installed.
 */
export const GPU_NODE_LABEL = "nvidia.com/gpu.present";
export const GPU_POOL_LABEL = "rampart.io/gpu-pool";
/**
 * Set only on nodes whose AMI needs the Helm-installed device plugin. Bottlerocket's NVIDIA variants run
 * the device plugin inside the OS, so a second one there would double-advertise the GPUs.
 * @see https://bottlerocket.dev/en/os/latest/#/concepts/variants/
 */
export const DEVICE_PLUGIN_NODE_LABEL = "rampart.io/nvidia-device-plugin";

/** The defaults of `GpuNodePoolArgs`, resolved once. */
export const GPU_NODE_POOL_DEFAULTS = {
  diskSizeGiB: 200,
  labels: {} as Readonly<Record<string, string>>,
  partition: "aws",
  /** Replace one GPU node at a time: capacity is scarce and pods re-download models on start. */
  maxUnavailable: 1,
} as const;

/** EKS managed node group capacity types. */
export const CAPACITY_TYPES = ["ON_DEMAND", "SPOT"] as const;

export interface GpuPoolSpec extends Scaling {
  readonly name: string;
  readonly instanceTypes: readonly string[];
  readonly amiType: string;
  readonly capacityType: (typeof CAPACITY_TYPES)[number];
  readonly diskSizeGiB?: number;
  readonly labels?: Readonly<Record<string, string>>;
}

function familyOf(instanceType: string): string {
  return instanceType.split(".")[0] ?? "";
}

/** Every problem with a GPU pool's Args, each naming the field (`pool.<key>`). Empty means valid. */
export function validateGpuNodePoolArgs(args: {
  readonly pool: GpuPoolSpec;
  readonly subnetIds?: unknown;
  readonly tags?: Readonly<Record<string, string>>;
}): ArgProblem[] {
  const { pool } = args;
  const p = new Problems();
  const name = dnsLabelProblem(pool.name);
  if (name) p.at(["pool", "name"], pool.name, name);
  const nvidia = (NVIDIA_AMI_TYPES as readonly string[]).includes(pool.amiType);
  if (!nvidia)
    p.at(
      ["pool", "amiType"],
      pool.amiType,
      `is not an AMI type with NVIDIA support (expected one of ${NVIDIA_AMI_TYPES.join(", ")})`,
    );
  if (pool.instanceTypes.length === 0)
    p.at(["pool", "instanceTypes"], pool.instanceTypes, "is empty (list at least one GPU instance type)");
  const armAmi = pool.amiType.includes("ARM_64");
  pool.instanceTypes.forEach((t, i) => {
    const family = familyOf(t);
    if (!(GPU_INSTANCE_FAMILIES as readonly string[]).includes(family) || !t.includes(".")) {
      p.at(
        ["pool", "instanceTypes", i],
        t,
        `is not a GPU instance type (expected a family of ${GPU_INSTANCE_FAMILIES.join(", ")})`,
      );
    } else if (nvidia && armAmi !== ARM_GPU_FAMILIES.has(family)) {
      p.at(
        ["pool", "instanceTypes", i],
        t,
        `does not match amiType ${pool.amiType} (${ARM_GPU_FAMILIES.has(family) ? "ARM" : "x86_64"} instance, ${armAmi ? "ARM" : "x86_64"} AMI)`,
      );
    }
  });
  if (!(CAPACITY_TYPES as readonly string[]).includes(pool.capacityType))
    p.at(
      ["pool", "capacityType"],
      pool.capacityType,
      `is not allowed (expected one of ${CAPACITY_TYPES.map((t) => JSON.stringify(t)).join(", ")})`,
    );
  p.under([], scalingProblems(["pool"], pool));
  if (pool.diskSizeGiB !== undefined)
    p.under([], diskSizeProblems(["pool", "diskSizeGiB"], pool.diskSizeGiB));
  for (const [key, value] of Object.entries(pool.labels ?? {})) {
    const problem =
      key === GPU_NODE_LABEL || key === GPU_POOL_LABEL || key === DEVICE_PLUGIN_NODE_LABEL
        ? "is set by GpuNodePool itself (remove it)"
        : (labelKeyProblem(key) ?? reservedLabelProblem(key));
    if (problem) p.at(["pool", "labels", key], value, problem);
    else {
      const bad = labelValueProblem(value);
      if (bad) p.at(["pool", "labels", key], value, bad);
    }
  }
  p.under([], tagArgProblems(args.tags));
  if (Array.isArray(args.subnetIds) && args.subnetIds.length === 0)
    p.at(["subnetIds"], args.subnetIds, "is empty (pass the inference tier's subnet ids)");
  return p.list;
}

/** The node labels of a pool: its own, then ours (which win). */
export function gpuNodeLabels(pool: GpuPoolSpec): Record<string, string> {
  const labels: Record<string, string> = {
    ...(pool.labels ?? {}),
    [GPU_NODE_LABEL]: "true",
    [GPU_POOL_LABEL]: pool.name,
  };
  if (!pool.amiType.startsWith("BOTTLEROCKET_")) labels[DEVICE_PLUGIN_NODE_LABEL] = "true";
  return labels;
}

/**
 * Chart coordinates, from the vendors' own repositories, and the one image each chart deploys by
 * default (verified in the charts' values.yaml at the pinned versions: k8s-device-plugin tag v0.17.1,
 * dcgm-exporter tag 4.5.3-4.8.2, whose chart version is 4.8.2).
 * @see https://github.com/NVIDIA/k8s-device-plugin/blob/v0.17.1/deployments/helm/nvidia-device-plugin/values.yaml
 * @see https://github.com/NVIDIA/dcgm-exporter/blob/4.5.3-4.8.2/deployment/values.yaml
 */
export const NVIDIA_DEVICE_PLUGIN_CHART = {
  chart: "nvidia-device-plugin",
  repo: "https://nvidia.github.io/k8s-device-plugin",
  image: { registry: "nvcr.io", repository: "nvidia/k8s-device-plugin" },
} as const;
export const DCGM_EXPORTER_CHART = {
  chart: "dcgm-exporter",
  repo: "https://nvidia.github.io/dcgm-exporter/helm-charts",
  image: { registry: "nvcr.io", repository: "nvidia/k8s/dcgm-exporter" },
} as const;

/** Where the cluster pulls an NVIDIA image from, and at which tag. */
export interface ImageSource {
  /**
   * A registry the nodes can reach (an ECR repository prefix, `<account>.dkr.ecr.<region>.amazonaws.com/<prefix>`),
   * holding a copy of the upstream repository; or undefined to pull from nvcr.io (reachable only where
   * the egress allow-list admits NGC's domains).
   */
  readonly mirror?: string;
  readonly tag: string;
}

/** `<mirror or nvcr.io>/<upstream repository>`, the chart's `image.repository`. */
export function imageRepository(
  chart: typeof NVIDIA_DEVICE_PLUGIN_CHART | typeof DCGM_EXPORTER_CHART,
  mirror: string | undefined,
): string {
  return `${mirror ?? chart.image.registry}/${chart.image.repository}`;
}

export function devicePluginValues(image: ImageSource) {
  return {
    image: { repository: imageRepository(NVIDIA_DEVICE_PLUGIN_CHART, image.mirror), tag: image.tag },
    nodeSelector: { [DEVICE_PLUGIN_NODE_LABEL]: "true" },
    tolerations: [{ ...GPU_TOLERATION }],
    priorityClassName: "system-node-critical",
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
    gfd: { enabled: false },
    nfd: { enabled: false },
  };
}

/**
 * DCGM exporter values: on every GPU node, metrics on a ClusterIP service only (port 9400). Its
 * ServiceMonitor stays off until the monitoring stack brings the Prometheus Operator CRDs. The exporter
 * needs root and CAP_SYS_ADMIN for profiling counters; every other capability is dropped.
 * @see https://github.com/NVIDIA/dcgm-exporter/blob/main/deployment/values.yaml
 */
export function dcgmExporterValues(image: ImageSource) {
  return {
    image: { repository: imageRepository(DCGM_EXPORTER_CHART, image.mirror), tag: image.tag },
    nodeSelector: { [GPU_NODE_LABEL]: "true" },
    tolerations: [{ ...GPU_TOLERATION }],
    service: { enable: true, type: "ClusterIP" },
    serviceMonitor: { enabled: false },
    securityContext: {
      runAsNonRoot: false,
      runAsUser: 0,
      capabilities: { drop: ["ALL"], add: ["SYS_ADMIN"] },
    },
  };
}
