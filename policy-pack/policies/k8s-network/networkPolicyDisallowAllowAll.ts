import { nameOf, objectPolicy, typesOf } from "../../lib/k8s";
import { openRule, type OpenRule, policyTypesOf } from "../../lib/quarantine";
import { UNSEEN } from "../../lib/unknown";
import { asArray, asObject, at } from "../../lib/values";

const WHY: Record<OpenRule, (peers: string) => string> = {
  "no peers": (peers) => `has no ${peers} and no ports`,
  world: (peers) => `${peers === "from" ? "admits" : "reaches"} 0.0.0.0/0 or ::/0 on every port`,
  "every namespace": (peers) =>
    `${peers === "from" ? "admits" : "reaches"} every pod of every namespace (empty namespaceSelector) on every port`,
};

/**
 * NetworkPolicies only add allowances: one rule that admits every peer on every port opens the pods it
 * selects in that direction whatever the namespace's default-deny says, so the deny is a deny in name only.
 * Each direction counts only when it is in the policy's policyTypes (Kubernetes ignores egress rules of an
 * Ingress-only policy). A namespace whose policies isolate only one direction is the stack policy
 * kubernetes-namespace-require-default-deny-network-policy's to report.
 * NSA/CISA Kubernetes Hardening Guide, Network policies: default-deny, then allow named flows; CIS EKS
 * 4.3.2 asks for network policies in every namespace, which an allow-all policy satisfies only on paper.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#allow-all-ingress-traffic
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#allow-all-egress-traffic
 */
export const networkPolicyDisallowAllowAll = objectPolicy({
  name: "kubernetes-networkpolicy-disallow-allow-all",
  description:
    "NetworkPolicies must not have an ingress or egress rule that admits every peer on every port: an empty " +
    "rule ({}), no from/to, an ipBlock of 0.0.0.0/0 or ::/0 without except, or an empty namespaceSelector " +
    "(every pod of every namespace), with no ports. Policies only add allowances, so such a rule undoes the " +
    "namespace's default-deny for the pods it selects and lets one compromised pod reach, or be reached " +
    "from, anything. Rules that list ports are not flagged; unknown values are not flagged.",
  catalog: ["NSA-CISA Network policies", "CIS EKS 4.3.2"],
  remediation:
    "Give every ingress and egress rule peers with labels (podSelector/namespaceSelector matchLabels) or " +
    "specific ipBlock CIDRs, and the ports it needs.",
  types: typesOf(["networking.k8s.io/v1", "extensions/v1beta1"], ["NetworkPolicy"]),
  check: (np, { partial }) => {
    const spec = asObject(at(np, "spec"));
    if (!spec) return;
    const types = policyTypesOf(spec);
    if (types === UNSEEN) return;
    const label = `NetworkPolicy "${nameOf(np) ?? "?"}"`;
    const out: string[] = [];
    for (const [dir, key, peers] of [
      ["Ingress", "ingress", "from"],
      ["Egress", "egress", "to"],
    ] as const) {
      // A patch that leaves policyTypes out keeps the live ones: judge the rules it writes.
      const inForce = types.includes(dir) || (partial && at(spec, "policyTypes") === undefined);
      if (!inForce) continue;
      const rules = at(spec, key);
      if (rules === UNSEEN) continue;
      asArray(rules).forEach((rule, i) => {
        const open = openRule(rule, peers);
        if (open === undefined || open === UNSEEN) return;
        out.push(
          `${label} ${key} rule #${i + 1} ${WHY[open](peers)}, so it allows all ${key}: ` +
            `list the ${peers} peers by label or CIDR and the ports the flow needs.`,
        );
      });
    }
    return out;
  },
});
