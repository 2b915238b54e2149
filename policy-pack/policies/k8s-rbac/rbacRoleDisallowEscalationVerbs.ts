import { objectPolicy } from "../../lib/k8s";
import { ROLE_TYPES } from "../../lib/k8sTypes";
import { aggregatedSelectors, coveredResources, grantedVerbs, rulesOf } from "../../lib/rbacRules";

const ESCALATION_VERBS = ["escalate", "bind", "impersonate"];
const RBAC = "rbac.authorization.k8s.io";

/**
 * `escalate` and `bind` bypass RBAC's own privilege-escalation prevention; `impersonate` acts as any
 * user, group or service account. The same powers come with `"*"` verbs on the resources they apply to
 * (roles and clusterroles; users, groups, serviceaccounts and uids), and `create` on
 * `serviceaccounts/token` mints a token for any service account of the namespace (acting as it).
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/#escalate-verb
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/#impersonate-verb
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/#token-request
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping
 */
export const rbacRoleDisallowEscalationVerbs = objectPolicy({
  name: "kubernetes-rbac-role-disallow-escalation-verbs",
  description:
    "Role and ClusterRole rules must not grant the escalate, bind or impersonate verbs (named, or through " +
    '"*" verbs on roles, clusterroles, users, groups, serviceaccounts or uids), nor create on ' +
    "serviceaccounts/token: they let the holder grant itself any permission or act as any identity, " +
    "bypassing RBAC's escalation checks (CIS Kubernetes 5.1.8 / CIS EKS 4.1.8 limit bind, impersonate " +
    "and escalate). Remedy: list the verbs the role needs; bind roles from the pipeline, not at run time.",
  catalog: ["CIS EKS 4.1.8", "CKV_K8S_157", "CKV_K8S_158", "AVD-KSV-0050"],
  remediation:
    'Remove escalate, bind and impersonate from rules[].verbs (and "*" verbs on RBAC or identity resources, and create on serviceaccounts/token), listing only the verbs the role needs.',
  types: ROLE_TYPES,
  check: (role) => {
    const out: string[] = [];
    for (const rule of rulesOf(role)) {
      const named = rule.verbs.filter((v) => ESCALATION_VERBS.includes(v.toLowerCase()));
      if (named.length > 0) {
        out.push(`Rule #${rule.n} grants ${named.join(", ")}: remove ${named.length === 1 ? "it" : "them"}.`);
        continue;
      }
      if (rule.verbs.includes("*")) {
        const rbac = coveredResources(rule, RBAC, ["roles", "clusterroles"]);
        if (rbac.length > 0)
          out.push(
            `Rule #${rule.n} grants "*" verbs on ${rbac.join(", ")}, which include escalate and bind: list the verbs it needs.`,
          );
        const identities = [
          ...coveredResources(rule, "", ["users", "groups", "serviceaccounts"]),
          ...coveredResources(rule, "authentication.k8s.io", ["uids"]),
        ];
        if (identities.length > 0)
          out.push(
            `Rule #${rule.n} grants "*" verbs on ${identities.join(", ")}, which include impersonate: list the verbs it needs.`,
          );
      }
      if (
        coveredResources(rule, "", ["serviceaccounts/token"]).length > 0 &&
        grantedVerbs(rule, ["create"]).length > 0
      )
        out.push(
          `Rule #${rule.n} grants create on serviceaccounts/token, which mints tokens to act as the namespace's service accounts: remove it.`,
        );
    }
    // An aggregated ClusterRole takes the built-in edit/admin rules (impersonate on serviceaccounts) or every role's.
    for (const { n, pulls } of aggregatedSelectors(role))
      out.push(
        pulls === "every"
          ? `aggregationRule selector #${n} is empty, so it takes the rules of every ClusterRole (cluster-admin's ` +
              "included), escalate, bind and impersonate among them: select ClusterRoles by a label of their own."
          : `aggregationRule selector #${n} takes the built-in ${pulls} rules, which impersonate serviceaccounts: ` +
              "select ClusterRoles by a label of their own.",
      );
    return out;
  },
});
