import { chartRef, HELM_TYPES, ISTIO_OPERATOR_TYPES } from "./k8sTypes";
import { helmValues } from "./helmValues";
import { UNSEEN } from "./unknown";
import { asObject, at } from "./values";

/**
 * Istio's control-plane settings as a stack writes them, in the two install forms the pack reads:
 *
 * - the `istiod` Helm chart (v3 Release, v3 Chart, v4 Chart; `istiod`, `istio/istiod`, an OCI or local
 *   path ending in `/istiod`): values `meshConfig`, `global`, `pilot` at the top; the chart's own defaults
 *   sit under `_internal_defaults_do_not_set`, which user values override;
 * - an `IstioOperator` (install.istio.io/v1alpha1): `spec.meshConfig`, and the same chart values under
 *   `spec.values`; `spec.components.cni.enabled` installs the CNI plugin.
 *
 * `get` reads a values path (`["global", "proxy", "resources"]`); for an IstioOperator, a path starting
 * with `meshConfig` reads `spec.meshConfig`. It answers `UNSEEN` when a value on the way is unknown.
 * @see https://github.com/istio/istio/blob/master/manifests/charts/istio-control/istio-discovery/values.yaml
 * @see https://istio.io/latest/docs/reference/config/istio.operator.v1alpha1/
 */
export interface IstioInstall {
  /** `Helm chart "istiod"` or `IstioOperator`, for messages. */
  readonly label: string;
  readonly kind: "helm" | "operator";
  get(...path: string[]): any;
}

const HELM = new Set(HELM_TYPES);
const OPERATOR = new Set(ISTIO_OPERATOR_TYPES.filter((t) => !t.endsWith("Patch")));

export function istioInstallOf(type: string, props: Record<string, any>): IstioInstall | undefined {
  if (HELM.has(type)) {
    const chart = chartRef(props);
    if (chart === undefined || !/(^|\/)istiod(-\d+\.\d+\.\d+[^/]*\.tgz)?\/?$/.test(chart)) return undefined;
    const values = helmValues(props);
    return {
      label: `Helm chart "${chart}"`,
      kind: "helm",
      get: (...path) => {
        if (values === UNSEEN) return UNSEEN;
        const own = at(values, ...path);
        return own !== undefined ? own : at(values, "_internal_defaults_do_not_set", ...path);
      },
    };
  }
  if (OPERATOR.has(type)) {
    const spec = at(props, "spec");
    return {
      label: "IstioOperator",
      kind: "operator",
      get: (...path) => {
        if (spec === UNSEEN) return UNSEEN;
        if (!asObject(spec)) return undefined;
        return path[0] === "meshConfig" ? at(spec, ...path) : at(spec, "values", ...path);
      },
    };
  }
  return undefined;
}

/** Every type an Istio install can be written as. */
export const ISTIO_INSTALL_TYPES = [...HELM_TYPES, ...ISTIO_OPERATOR_TYPES];
