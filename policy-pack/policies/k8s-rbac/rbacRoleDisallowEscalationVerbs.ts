import { objectPolicy } from "../../lib/k8s";
import { asArray, at, knownStrings } from "../../lib/values";
import { ROLE_TYPES } from "../../lib/k8sTypes";

const ESCALATION_VERBS = ["escalate", "bind", "impersonate"];

/**
 * `escalate` and `bind` bypass RBAC's own privilege-escalation prevention; `impersonate` acts as any
 * user, group or service account.
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/#escalate-verb
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping
 */
export const rbacRoleDisallowEscalationVerbs = objectPolicy({
  name: "kubernetes-rbac-role-disallow-escalation-verbs",
  description:
    "Role and ClusterRole rules must not grant the escalate, bind or impersonate verbs: they let the holder " +
    "grant itself any permission or act as any identity, bypassing RBAC's escalation checks.",
  types: ROLE_TYPES,
  check: (role) => {
    const out: string[] = [];
    asArray(at(role, "rules")).forEach((rule, i) => {
      const verbs = knownStrings(at(rule, "verbs")).filter((v) => ESCALATION_VERBS.includes(v.toLowerCase()));
      if (verbs.length === 0) return;
      out.push(`Rule #${i + 1} grants ${verbs.join(", ")}: remove ${verbs.length === 1 ? "it" : "them"}.`);
    });
    return out;
  },
});
