import { objectPolicy } from "../../lib/k8s";
import { ISTIO_INSTALL_TYPES, istioInstallOf } from "../../lib/istioInstall";
import { UNSEEN } from "../../lib/unknown";
import { at } from "../../lib/values";

const on = (v: unknown) => v === true || v === "true";

/**
 * Without the Istio CNI plugin, every injected pod gets an `istio-init` init container with NET_ADMIN and
 * NET_RAW to program iptables, which Pod Security "restricted" forbids. istiod must be told the CNI node
 * agent does it instead. The istiod Helm chart holds the pilot settings at its top level, so there it is
 * `cni.enabled: true` (chart default false; its injector config map is built from `pick .Values "cni"`,
 * templates/istiod-injector-configmap.yaml at tag 1.30.3, and a `pilot.cni.enabled` value is ignored).
 * An IstioOperator writes `spec.values.pilot.cni.enabled: true` (the operator flattens `pilot`) or
 * `spec.components.cni.enabled: true`.
 * @see https://istio.io/latest/docs/setup/additional-setup/cni/
 * @see https://istio.io/latest/docs/ops/deployment/application-requirements/ (NET_ADMIN, NET_RAW)
 */
export const istiodRequireCni = objectPolicy({
  name: "istio-istiod-require-cni",
  description:
    "Istio installs must use the Istio CNI plugin (istiod Helm chart values cni.enabled true — the chart " +
    "ignores pilot.cni.enabled — or an IstioOperator's components.cni.enabled or values.pilot.cni.enabled " +
    "true): otherwise every meshed pod runs an istio-init " +
    "container with NET_ADMIN and NET_RAW, which the restricted Pod Security level of the inference " +
    "namespaces forbids.",
  // Istio's CNI practice; without it every meshed pod's istio-init adds NET_ADMIN and NET_RAW, which PSS restricted (Capabilities) rejects.
  catalog: ["Istio CNI", "PSS restricted: Capabilities"],
  remediation:
    "Set the istiod chart value cni.enabled to true (IstioOperator: spec.components.cni.enabled: true) and install the istio-cni chart.",
  types: ISTIO_INSTALL_TYPES,
  check: (props, { type }) => {
    const install = istioInstallOf(type, props);
    if (!install) return;
    const byValues =
      install.kind === "helm" ? install.get("cni", "enabled") : install.get("pilot", "cni", "enabled");
    const byComponent =
      install.kind === "operator" ? at(props, "spec", "components", "cni", "enabled") : undefined;
    if (byValues === UNSEEN || byComponent === UNSEEN || on(byValues) || on(byComponent)) return;
    return install.kind === "operator"
      ? `${install.label} does not enable the Istio CNI: set spec.components.cni.enabled: true.`
      : `${install.label} does not enable the Istio CNI (values cni.enabled: true; the chart ignores pilot.cni.enabled): install the cni chart and set it, so pods need no NET_ADMIN init container.`;
  },
});
