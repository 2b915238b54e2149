import { typesOf } from "./k8s";
import { at, asString } from "./values";

/** Type tokens and small readers shared by the RBAC, service-mesh and Helm policies. */

const RBAC_VERSIONS = [
  "rbac.authorization.k8s.io/v1",
  "rbac.authorization.k8s.io/v1beta1",
  "rbac.authorization.k8s.io/v1alpha1",
];

/** Role and ClusterRole in every RBAC API version @pulumi/kubernetes registers, with their Patch twins. */
export const ROLE_TYPES = typesOf(RBAC_VERSIONS, ["Role", "ClusterRole"]);
/** RoleBinding and ClusterRoleBinding, likewise. */
export const BINDING_TYPES = typesOf(RBAC_VERSIONS, ["RoleBinding", "ClusterRoleBinding"]);

/** Istio custom resources register as `kubernetes:<apiVersion>:<kind>` (CustomResource), every served version. */
export const PEER_AUTHENTICATION_TYPES = typesOf(
  ["security.istio.io/v1", "security.istio.io/v1beta1"],
  ["PeerAuthentication"],
);
export const AUTHORIZATION_POLICY_TYPES = typesOf(
  ["security.istio.io/v1", "security.istio.io/v1beta1"],
  ["AuthorizationPolicy"],
);
export const DESTINATION_RULE_TYPES = typesOf(
  ["networking.istio.io/v1", "networking.istio.io/v1beta1", "networking.istio.io/v1alpha3"],
  ["DestinationRule"],
);

/** Any Istio API resource (`*.istio.io` group). */
export const isIstioType = (type: string) => /^kubernetes:[a-z0-9.-]*istio\.io\//.test(type);

/**
 * Helm as @pulumi/kubernetes 4.34.2 registers it: the v3 Release (a real Helm release), the v3 Chart
 * (client-side rendering; its props are the ChartOpts) and the v4 Chart (a provider-side component).
 */
export const HELM_TYPES = [
  "kubernetes:helm.sh/v3:Release",
  "kubernetes:helm.sh/v3:Chart",
  "kubernetes:helm.sh/v4:Chart",
];

/** The chart as written: `chart` (all three) or, for a local v3 Chart, `path`. */
export function chartRef(props: Record<string, any>): string | undefined {
  return asString(at(props, "chart")) ?? asString(at(props, "path"));
}

/** A label for messages: `Helm chart "istiod"`. */
export function chartLabel(props: Record<string, any>): string {
  const chart = chartRef(props);
  return chart !== undefined ? `Helm chart "${chart}"` : "Helm chart";
}

/** The Istio `Gateway` (networking.istio.io), every served version. */
export const GATEWAY_TYPES = typesOf(
  ["networking.istio.io/v1", "networking.istio.io/v1beta1", "networking.istio.io/v1alpha3"],
  ["Gateway"],
);
export const SERVICE_ENTRY_TYPES = typesOf(
  ["networking.istio.io/v1", "networking.istio.io/v1beta1", "networking.istio.io/v1alpha3"],
  ["ServiceEntry"],
);
export const ENVOY_FILTER_TYPES = typesOf(["networking.istio.io/v1alpha3"], ["EnvoyFilter"]);
export const REQUEST_AUTHENTICATION_TYPES = typesOf(
  ["security.istio.io/v1", "security.istio.io/v1beta1"],
  ["RequestAuthentication"],
);
/** istioctl's install API, for stacks that install Istio through an IstioOperator object. */
export const ISTIO_OPERATOR_TYPES = typesOf(["install.istio.io/v1alpha1"], ["IstioOperator"]);
