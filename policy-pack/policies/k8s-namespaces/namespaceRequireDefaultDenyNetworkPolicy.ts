import { nameOf, namespaceOf, k8sStackPolicy, type StackResource } from "../../lib/k8s";
import { openRule } from "../../lib/quarantine";
import { UNSEEN } from "../../lib/unknown";
import { asArray, at, isUnknown, asObject, knownStrings } from "../../lib/values";

const NAMESPACE_TYPES = new Set(["kubernetes:core/v1:Namespace"]);
const NETWORK_POLICY_TYPES = new Set([
  "kubernetes:networking.k8s.io/v1:NetworkPolicy",
  "kubernetes:extensions/v1beta1:NetworkPolicy",
]);

type Direction = "Ingress" | "Egress";
/** true: denies the direction by default for every pod; false: does not; UNSEEN: cannot tell. */
type Coverage = Record<Direction, boolean | typeof UNSEEN>;

/** A rule that admits everything (lib/quarantine openRule): then the policy denies nothing in that direction. */
function allowsAll(rule: unknown, peersKey: "from" | "to"): boolean | typeof UNSEEN {
  const open = openRule(rule, peersKey);
  return open === UNSEEN ? UNSEEN : open !== undefined;
}

/**
 * What one NetworkPolicy contributes: per direction, whether it selects every pod, isolates that direction
 * and admits nothing (or only specific peers/ports). When policyTypes is absent, Kubernetes infers Ingress,
 * plus Egress when egress rules exist.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
 */
function coverage(np: Record<string, any>): Coverage {
  const spec = asObject(at(np, "spec"));
  const none: Coverage = { Ingress: false, Egress: false };
  if (!spec) return at(np, "spec") === UNSEEN ? { Ingress: UNSEEN, Egress: UNSEEN } : none;
  const unseen: Coverage = { Ingress: UNSEEN, Egress: UNSEEN };
  const selector = at(spec, "podSelector");
  const labels = at(selector, "matchLabels");
  const expressions = at(selector, "matchExpressions");
  if (selector === UNSEEN || labels === UNSEEN || expressions === UNSEEN) return unseen;
  // podSelector {} selects every pod in the namespace; any label or expression narrows it.
  if (
    !asObject(selector) ||
    Object.keys(asObject(labels) ?? {}).length > 0 ||
    asArray(expressions).length > 0
  )
    return none;
  const typesRaw = at(spec, "policyTypes");
  if (typesRaw === UNSEEN || asArray(typesRaw).some(isUnknown)) return unseen;
  const types =
    typesRaw === undefined
      ? ["Ingress", ...(asArray(spec.egress).length > 0 ? ["Egress"] : [])]
      : knownStrings(typesRaw);
  const out: Coverage = { ...none };
  for (const [dir, key, peers] of [
    ["Ingress", "ingress", "from"],
    ["Egress", "egress", "to"],
  ] as const) {
    if (!types.includes(dir)) continue;
    const rules = at(spec, key);
    if (rules === UNSEEN) {
      out[dir] = UNSEEN;
      continue;
    }
    const verdicts = asArray(rules).map((r) => allowsAll(r, peers));
    out[dir] = verdicts.includes(true) ? false : verdicts.includes(UNSEEN) ? UNSEEN : true;
  }
  return out;
}

/**
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
 */
export const namespaceRequireDefaultDenyNetworkPolicy = k8sStackPolicy({
  name: "kubernetes-namespace-require-default-deny-network-policy",
  description:
    "Every Namespace the stack creates must hold a default-deny NetworkPolicy: podSelector {} with policyTypes " +
    "Ingress and Egress and no rule that admits everything (one policy, or one per direction). Without it " +
    "every pod accepts connections from, and can reach, any pod in the cluster and the internet, so one " +
    "compromised pod reaches every model server. NetworkPolicies are matched to namespaces by literal " +
    'metadata.namespace; a policy without one lands in "default". Unknown values are not flagged.',
  catalog: ["CIS EKS 4.3.2", "AVD-KSV-0038", "CKV2_K8S_6", "NSA-CISA Network policies"],
  remediation:
    "Add a NetworkPolicy to the namespace with podSelector {}, policyTypes [Ingress, Egress] and no ingress or egress rule.",
  types: [...NAMESPACE_TYPES, ...NETWORK_POLICY_TYPES],
  configSchema: {
    properties: {
      exemptNamespaces: {
        type: "array",
        items: { type: "string" },
        default: ["kube-system"],
        description: "Namespaces that need not have a default-deny policy.",
      },
    },
  },
  check: (resources: readonly StackResource[], config) => {
    const exempt = new Set(knownStrings(config.exemptNamespaces));
    const byNamespace = new Map<string, Coverage>();
    let unseen = false;
    for (const r of resources) {
      if (!NETWORK_POLICY_TYPES.has(r.type)) continue;
      const ns = namespaceOf(r.props);
      const c = coverage(r.props);
      if (ns === UNSEEN) {
        if (c.Ingress !== false || c.Egress !== false) unseen = true;
        continue;
      }
      const key = ns ?? "default";
      const prev = byNamespace.get(key) ?? { Ingress: false, Egress: false };
      const merge = (a: Coverage[Direction], b: Coverage[Direction]) =>
        a === true || b === true ? true : a === UNSEEN || b === UNSEEN ? UNSEEN : false;
      byNamespace.set(key, { Ingress: merge(prev.Ingress, c.Ingress), Egress: merge(prev.Egress, c.Egress) });
    }
    const out: { message: string; urn?: string }[] = [];
    for (const r of resources) {
      if (!NAMESPACE_TYPES.has(r.type)) continue;
      const name = nameOf(r.props);
      if (name === undefined || exempt.has(name)) continue;
      const c = byNamespace.get(name) ?? { Ingress: false, Egress: false };
      const missing = (["Ingress", "Egress"] as const).filter((d) => c[d] === false);
      // A policy whose namespace is unknown during preview might be the one that covers this namespace.
      if (missing.length === 0 || unseen) continue;
      out.push({
        message:
          `Namespace "${name}" has no default-deny NetworkPolicy for ${missing.join(" and ")}: add a ` +
          "NetworkPolicy with podSelector: {} and policyTypes [Ingress, Egress] and no allow-all rule.",
        urn: r.urn,
      });
    }
    return out;
  },
});
