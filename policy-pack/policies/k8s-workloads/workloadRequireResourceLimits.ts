import { containersOf, workloadPolicy } from "../../lib/k8s";
import { UNSEEN } from "../../lib/unknown";
import { at, knownStrings } from "../../lib/values";

/**
 * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
 * @see https://kubernetes.io/docs/concepts/policy/resource-quotas/
 */
export const workloadRequireResourceLimits = workloadPolicy({
  name: "kubernetes-workload-require-resource-limits",
  description:
    "Every container and init container must set CPU and memory limits (and, by default, requests). " +
    "A container without limits can take the whole node — a denial of service against every other model " +
    "server on it — and requests are what the scheduler and ResourceQuotas account. Pod-level " +
    "spec.resources counts for every container. Ephemeral containers cannot set resources and are skipped.",
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
    },
  },
  check: ({ podSpec, partial }, { config }) => {
    // A patch without resources leaves the live values alone.
    if (partial) return;
    const kinds = config.requireRequests === false ? ["limits"] : ["limits", "requests"];
    const names = knownStrings(config.resources);
    const out: string[] = [];
    for (const ref of containersOf(podSpec)) {
      if (ref.kind === "ephemeralContainer") continue;
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
    }
    return out;
  },
});
