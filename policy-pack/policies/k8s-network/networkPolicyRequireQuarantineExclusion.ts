import { k8sStackPolicy, nameOf, namespaceOf, type StackResource } from "../../lib/k8s";
import {
  allowsSomething,
  excludesQuarantined,
  isQuarantinePolicy,
  NETWORK_POLICY_TYPES,
} from "../../lib/quarantine";
import { UNSEEN } from "../../lib/unknown";

/**
 * NetworkPolicies only add allowances: a deny-all for quarantined pods isolates nothing that another
 * policy still admits. So in a namespace with a quarantine policy, every allow must leave those pods out
 * (`matchExpressions: [{key: rampart.io/quarantine, operator: DoesNotExist}]`).
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource
 */
export const networkPolicyRequireQuarantineExclusion = k8sStackPolicy({
  name: "kubernetes-networkpolicy-require-quarantine-exclusion",
  description:
    "In a namespace with a quarantine NetworkPolicy, every NetworkPolicy that allows traffic must exclude " +
    "pods labelled rampart.io/quarantine (a DoesNotExist match expression on the label). Policies only add " +
    "allowances, so an allow that selects a quarantined pod keeps its flows open and the quarantine fails " +
    "exactly when it is needed. Unknown values are not flagged.",
  enforcementLevel: "advisory",
  // Rampart-specific (quarantine label); no catalog check exists, so it cites the general control it implements.
  catalog: ["NSA-CISA Network policies"],
  remediation:
    "Add matchExpressions [{key: rampart.io/quarantine, operator: DoesNotExist}] to spec.podSelector of every NetworkPolicy that allows traffic in a namespace with a quarantine policy.",
  types: [...NETWORK_POLICY_TYPES],
  check: (resources: readonly StackResource[]) => {
    const policies = resources.filter((r) => NETWORK_POLICY_TYPES.has(r.type));
    const guarded = new Set<string>();
    for (const r of policies) {
      const ns = namespaceOf(r.props);
      if (ns !== UNSEEN && isQuarantinePolicy(r.props) === true) guarded.add(ns ?? "default");
    }
    const out: { message: string; urn?: string }[] = [];
    for (const r of policies) {
      const ns = namespaceOf(r.props);
      if (ns === UNSEEN || !guarded.has(ns ?? "default")) continue;
      if (allowsSomething(r.props) !== true || excludesQuarantined(r.props) !== false) continue;
      out.push({
        message:
          `NetworkPolicy "${nameOf(r.props) ?? r.name}" in namespace "${ns ?? "default"}" allows traffic to pods ` +
          "labelled rampart.io/quarantine: add matchExpressions [{key: rampart.io/quarantine, operator: " +
          "DoesNotExist}] to its podSelector (withQuarantine in components/shared/networkPolicy.ts).",
        urn: r.urn,
      });
    }
    return out;
  },
});
