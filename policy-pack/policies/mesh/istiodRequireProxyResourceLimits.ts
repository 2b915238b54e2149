import { objectPolicy } from "../../lib/k8s";
import { ISTIO_INSTALL_TYPES, istioInstallOf } from "../../lib/istioInstall";
import { UNSEEN } from "../../lib/unknown";

/** Removed: null (Helm deletes the chart default), "", or zero. */
const removed = (v: unknown) => v === null || v === "" || v === 0 || v === "0";

/**
 * The istiod chart gives every sidecar `global.proxy.resources.limits` (cpu 2000m, memory 1024Mi): values
 * that omit resources keep them (Helm merges maps), so only explicit removals are flagged — `null` on
 * resources, limits, limits.cpu or limits.memory (Helm deletes a default set to null), or an empty or zero
 * limit.
 * @see https://github.com/istio/istio/blob/master/manifests/charts/istio-control/istio-discovery/values.yaml
 * @see https://helm.sh/docs/chart_template_guide/values_files/#deleting-a-default-key
 */
export const istiodRequireProxyResourceLimits = objectPolicy({
  name: "istio-istiod-require-proxy-resource-limits",
  description:
    "Istio installs must not remove the sidecar proxies' resource limits (global.proxy.resources, limits, " +
    "limits.cpu or limits.memory set to null, empty or zero): an unbounded istio-proxy in every model-server " +
    "pod can starve the GPU node of memory under a request flood, evicting the model it fronts.",
  // The container CPU/memory limit checks, applied to the istio-proxy container the chart injects everywhere.
  catalog: ["CKV_K8S_11", "CKV_K8S_13", "AVD-KSV-0011", "AVD-KSV-0018"],
  remediation:
    "Keep global.proxy.resources.limits.cpu and limits.memory set to non-zero values in the istiod values (or IstioOperator spec.values).",
  types: ISTIO_INSTALL_TYPES,
  check: (props, { type }) => {
    const install = istioInstallOf(type, props);
    if (!install) return;
    const out: string[] = [];
    const base = ["global", "proxy", "resources"];
    for (const path of [
      base,
      [...base, "limits"],
      [...base, "limits", "cpu"],
      [...base, "limits", "memory"],
    ]) {
      const v = install.get(...path);
      if (v !== UNSEEN && removed(v)) {
        out.push(
          `${install.label} removes ${path.join(".")}: leave the chart's limits or set cpu and memory limits.`,
        );
        break;
      }
    }
    return out;
  },
});
