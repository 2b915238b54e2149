import { k8sStackPolicy, namespaceOf, type StackResource } from "../../lib/k8s";
import { isDefaultDeny, isQuarantinePolicy, NETWORK_POLICY_TYPES } from "../../lib/quarantine";
import { UNSEEN } from "../../lib/unknown";

/**
 * Incident response needs a way to cut a compromised pod off without deleting its evidence: a
 * NetworkPolicy that denies everything to pods labelled `rampart.io/quarantine=true`
 * (components/shared/quarantine.ts, docs/runbooks/incident-container-escape.md).
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-ingress-and-all-egress-traffic
 */
export const namespaceRequireQuarantineNetworkPolicy = k8sStackPolicy({
  name: "kubernetes-namespace-require-quarantine-network-policy",
  description:
    "Every namespace with a default-deny NetworkPolicy must also hold a quarantine policy: podSelector " +
    'matchLabels {rampart.io/quarantine: "true"}, policyTypes Ingress and Egress, no rule. The incident ' +
    "runbooks isolate a compromised pod by labelling it; without the policy the label does nothing and the " +
    "pod keeps talking while it is investigated. Unknown values are not flagged.",
  // Rampart-specific (quarantine label); no catalog check exists, so it cites the general control it implements.
  catalog: ["NSA-CISA Network policies"],
  remediation:
    'Add a NetworkPolicy with podSelector matchLabels {rampart.io/quarantine: "true"}, policyTypes [Ingress, Egress] and no rule to every namespace with a default-deny policy.',
  types: [...NETWORK_POLICY_TYPES],
  check: (resources: readonly StackResource[]) => {
    const denied = new Map<string, StackResource>();
    const quarantined = new Set<string>();
    let unseen = false;
    for (const r of resources) {
      if (!NETWORK_POLICY_TYPES.has(r.type)) continue;
      const ns = namespaceOf(r.props);
      const q = isQuarantinePolicy(r.props);
      if (ns === UNSEEN || q === UNSEEN) {
        unseen = true;
        continue;
      }
      const key = ns ?? "default";
      if (q) quarantined.add(key);
      if (isDefaultDeny(r.props) === true && !denied.has(key)) denied.set(key, r);
    }
    // A policy whose namespace or selector is unknown during preview might be the quarantine policy.
    if (unseen) return [];
    return [...denied]
      .filter(([ns]) => !quarantined.has(ns))
      .map(([ns, r]) => ({
        message:
          `Namespace "${ns}" has a default-deny NetworkPolicy but no quarantine policy: add a NetworkPolicy ` +
          'with podSelector matchLabels {"rampart.io/quarantine": "true"}, policyTypes [Ingress, Egress] and ' +
          "no rule (withQuarantine in components/shared/networkPolicy.ts).",
        urn: r.urn,
      }));
  },
});
