import { containersOf, workloadPolicy } from "../../lib/k8s";
import { UNSEEN } from "../../lib/unknown";
import { at, knownStrings } from "../../lib/values";

/**
 * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
 * @see https://kubernetes.io/docs/concepts/policy/resource-quotas/
 * @see https://kubernetes.io/docs/tasks/manage-gpus/scheduling-gpus/ (GPUs: limits; requests, if set, equal them)
 * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#local-ephemeral-storage
 */
export const workloadRequireResourceLimits = workloadPolicy({
  name: "kubernetes-workload-require-resource-limits",
  description:
    "Every container and init container must set CPU and memory limits (and, by default, requests). " +
    "A container without limits can take the whole node — a denial of service against every other model " +
    "server on it — and requests are what the scheduler and ResourceQuotas account. Pod-level " +
    "spec.resources counts for every container. Ephemeral containers cannot set resources and are skipped. " +
    "A container that asks for a GPU (gpuResourceNames) must request exactly what it limits and also bound " +
    "gpuBoundedResources (ephemeral storage by default): model files and caches otherwise fill the GPU node's " +
    "disk and get every pod on it evicted.",
  catalog: [
    "CKV_K8S_10",
    "CKV_K8S_11",
    "CKV_K8S_12",
    "CKV_K8S_13",
    "AVD-KSV-0011",
    "AVD-KSV-0015",
    "AVD-KSV-0016",
    "AVD-KSV-0018",
  ],
  remediation:
    "Set resources.limits and resources.requests for cpu and memory on every container (and ephemeral-storage, with GPU requests equal to limits, on GPU containers).",
  configSchema: {
    properties: {
      resources: {
        type: "array",
        items: { type: "string" },
        default: ["cpu", "memory"],
        description: "Resource names each container must bound.",
      },
      requireRequests: {
        type: "boolean",
        default: true,
        description:
          "Also require requests (when only limits are set, Kubernetes copies them into requests).",
      },
      gpuResourceNames: {
        type: "array",
        items: { type: "string" },
        default: ["nvidia.com/gpu"],
        description: "Extended resources that mark a container as a GPU workload.",
      },
      gpuBoundedResources: {
        type: "array",
        items: { type: "string" },
        default: ["ephemeral-storage"],
        description: "Resource names a GPU workload's container must bound besides `resources`.",
      },
    },
  },
  check: ({ podSpec, partial }, { config }) => {
    // A patch without resources leaves the live values alone.
    if (partial) return;
    const kinds = config.requireRequests === false ? ["limits"] : ["limits", "requests"];
    const base = knownStrings(config.resources);
    const gpuNames = knownStrings(config.gpuResourceNames);
    const gpuBounded = knownStrings(config.gpuBoundedResources);
    const out: string[] = [];
    for (const ref of containersOf(podSpec)) {
      if (ref.kind === "ephemeralContainer") continue;
      const gpus = gpuNames.filter((g) =>
        ["limits", "requests"].some((kind) => {
          const v = at(ref.container, "resources", kind, g);
          return v !== undefined && v !== null && v !== UNSEEN;
        }),
      );
      const names = gpus.length > 0 ? [...new Set([...base, ...gpuBounded])] : base;
      const missing: string[] = [];
      for (const kind of kinds) {
        for (const name of names) {
          const own = at(ref.container, "resources", kind, name);
          const pod = at(podSpec, "resources", kind, name);
          if (own === UNSEEN || pod === UNSEEN) continue;
          if ((own === undefined || own === null) && (pod === undefined || pod === null))
            missing.push(`resources.${kind}.${name}`);
        }
      }
      if (missing.length > 0)
        out.push(`${ref.label} does not set ${missing.join(", ")}: bound what it may take from the node.`);
      for (const g of gpus) {
        const limit = at(ref.container, "resources", "limits", g);
        const request = at(ref.container, "resources", "requests", g);
        if (limit === UNSEEN || request === UNSEEN) continue;
        if (limit === undefined || limit === null)
          out.push(
            `${ref.label} requests ${g} without a limit: set resources.limits.${g} (GPUs are allocated by limit).`,
          );
        else if (request !== undefined && request !== null && String(request) !== String(limit))
          out.push(
            `${ref.label} requests ${String(request)} ${g} but limits ${String(limit)}: set requests equal to limits (GPUs cannot be overcommitted).`,
          );
      }
    }
    return out;
  },
});
