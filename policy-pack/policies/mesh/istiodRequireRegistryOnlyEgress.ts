import { objectPolicy } from "../../lib/k8s";
import { ISTIO_INSTALL_TYPES, istioInstallOf } from "../../lib/istioInstall";
import { UNSEEN } from "../../lib/unknown";

/**
 * `meshConfig.outboundTrafficPolicy.mode` defaults to ALLOW_ANY: a sidecar passes traffic to any host
 * it has no ServiceEntry for. REGISTRY_ONLY blocks hosts outside the service registry.
 * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-OutboundTrafficPolicy-Mode
 * @see https://istio.io/latest/docs/tasks/traffic-management/egress/egress-control/#change-to-the-blocking-by-default-policy
 */
export const istiodRequireRegistryOnlyEgress = objectPolicy({
  name: "istio-istiod-require-registry-only-egress",
  description:
    "Istio installs (istiod Helm chart values, IstioOperator) must set " +
    "meshConfig.outboundTrafficPolicy.mode REGISTRY_ONLY, where unset means ALLOW_ANY: with " +
    "ALLOW_ANY a compromised model server or a poisoned dependency can send prompts and weights to " +
    "any host, and the mesh's egress ServiceEntries restrict nothing.",
  catalog: ["Istio Securing egress traffic", "NSA-CISA Network separation and hardening"],
  remediation:
    "Set meshConfig.outboundTrafficPolicy.mode to REGISTRY_ONLY in the istiod values (or the IstioOperator spec.meshConfig).",
  types: ISTIO_INSTALL_TYPES,
  check: (props, { type }) => {
    const install = istioInstallOf(type, props);
    if (!install) return;
    const mode = install.get("meshConfig", "outboundTrafficPolicy", "mode");
    if (mode === UNSEEN || mode === "REGISTRY_ONLY") return;
    const shown = typeof mode === "string" ? (mode === "" ? '""' : mode) : "unset (ALLOW_ANY)";
    return `${install.label} sets meshConfig.outboundTrafficPolicy.mode ${shown}: set it to REGISTRY_ONLY.`;
  },
});
