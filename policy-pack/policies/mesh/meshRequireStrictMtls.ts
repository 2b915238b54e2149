import { istioInstallOf } from "../../lib/istioInstall";
import { k8sStackPolicy, namespaceOf, type StackResource } from "../../lib/k8s";
import { UNSEEN } from "../../lib/unknown";
import { at, asObject } from "../../lib/values";
import {
  AUTHORIZATION_POLICY_TYPES,
  DESTINATION_RULE_TYPES,
  HELM_TYPES,
  isIstioType,
  PEER_AUTHENTICATION_TYPES,
} from "../../lib/k8sTypes";

const PA = new Set(PEER_AUTHENTICATION_TYPES.filter((t) => !t.endsWith("Patch")));
const HELM = new Set(HELM_TYPES);

/** Istio is in the stack: an Istio API resource (IstioOperator included), or a Helm release of the istiod chart. */
function installsIstio(r: StackResource): boolean {
  if (isIstioType(r.type)) return true;
  return HELM.has(r.type) && istioInstallOf(r.type, r.props) !== undefined;
}

/**
 * A mesh-wide PeerAuthentication lives in the root namespace with no selector; without one, or with its
 * mode unset, the mesh default is PERMISSIVE.
 * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/
 * @see https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/#lock-down-mutual-tls-for-the-entire-mesh
 * @see https://istio.io/latest/docs/concepts/security/#peer-authentication (one mesh-wide policy; Istio ignores the newer ones)
 */
export const meshRequireStrictMtls = k8sStackPolicy({
  name: "istio-mesh-require-strict-mtls",
  description:
    "A stack that installs or configures Istio must declare a mesh-wide PeerAuthentication — in the root " +
    "namespace (rootNamespace, default istio-system), without a selector — with mtls.mode STRICT. Istio's " +
    "own default is PERMISSIVE, which accepts plain text from anything that is not in the mesh. Stacks " +
    "without Istio resources are not checked; unknown namespaces or modes are not flagged.",
  catalog: ["Istio Mutual TLS", "NSA-CISA Network separation and hardening"],
  remediation:
    "Add a PeerAuthentication in the root namespace (default istio-system) with no selector and mtls.mode: STRICT.",
  // Any *.istio.io resource counts as Istio being present; these are the ones it reads most.
  types: [
    ...PEER_AUTHENTICATION_TYPES,
    ...AUTHORIZATION_POLICY_TYPES,
    ...DESTINATION_RULE_TYPES,
    ...HELM_TYPES,
  ],
  configSchema: {
    properties: {
      rootNamespace: {
        type: "string",
        default: "istio-system",
        description: "Istio's root namespace (meshConfig.rootNamespace).",
      },
    },
  },
  check: (resources, config) => {
    if (!resources.some(installsIstio)) return [];
    const root = typeof config.rootNamespace === "string" ? config.rootNamespace : "istio-system";
    let weak: StackResource | undefined;
    let strict = false;
    for (const r of resources) {
      if (!PA.has(r.type)) continue;
      const ns = namespaceOf(r.props);
      const selector = at(r.props, "spec", "selector");
      const mode = at(r.props, "spec", "mtls", "mode");
      if (ns === UNSEEN || selector === UNSEEN || mode === UNSEEN) return [];
      if (ns !== root) continue;
      // Selector-scoped policies in the root namespace are ignored by Istio.
      if (Object.keys(asObject(at(selector, "matchLabels")) ?? {}).length > 0) continue;
      if (mode === "STRICT") strict = true;
      // With two mesh-wide policies Istio applies the oldest, so a weak one beside a STRICT one may win.
      else weak ??= r;
    }
    if (weak && strict)
      return [
        {
          message:
            `Two mesh-wide PeerAuthentications in ${root}, one not STRICT: Istio applies only the oldest, so ` +
            "mTLS may be PERMISSIVE mesh-wide; keep a single one with spec.mtls.mode: STRICT.",
          urn: weak.urn,
        },
      ];
    if (strict) return [];
    if (weak)
      return [
        {
          message:
            `The mesh-wide PeerAuthentication in ${root} does not set mtls.mode STRICT (unset means PERMISSIVE ` +
            "at mesh level): set spec.mtls.mode: STRICT.",
          urn: weak.urn,
        },
      ];
    return [
      {
        message:
          `The stack runs Istio but declares no mesh-wide PeerAuthentication: add one in ${root} with no ` +
          "selector and spec.mtls.mode: STRICT.",
      },
    ];
  },
});
