import { objectPolicy } from "../../lib/k8s";
import { asArray, at, asObject, asString } from "../../lib/values";
import { BINDING_TYPES } from "../../lib/k8sTypes";

const PUBLIC_SUBJECTS: Record<string, string> = {
  "system:anonymous": "every unauthenticated request",
  "system:unauthenticated": "every unauthenticated request",
  "system:authenticated": "every identity the cluster can authenticate (on EKS, any mapped IAM principal)",
  "system:serviceaccounts": "every service account of every namespace (any pod, including future ones)",
};

/**
 * Subjects are matched by name whatever their kind (a `User` named `system:anonymous` is the anonymous
 * user; the groups are groups). `system:serviceaccounts:<namespace>` (one namespace's accounts) is not
 * flagged here: it is how a namespace's workloads share a role.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-subjects
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#service-account-permissions
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege
 */
export const rbacBindingDisallowPublicSubjects = objectPolicy({
  name: "kubernetes-rbac-binding-disallow-public-subjects",
  description:
    "RoleBindings and ClusterRoleBindings must not have system:anonymous, system:unauthenticated, " +
    "system:authenticated or system:serviceaccounts as subjects: they grant the role to anyone who can " +
    "reach the API server, to every authenticated identity or to every pod's service account, not to a " +
    "named user, group or service account (CIS Kubernetes section 5.1 RBAC; Kubernetes RBAC good practices; " +
    "NSA/CISA Kubernetes Hardening). Remedy: bind named users, groups or service accounts.",
  catalog: ["AVD-KSV-0122", "NSA-CISA Authentication and authorization"],
  remediation:
    "Remove subjects named system:anonymous, system:unauthenticated, system:authenticated or system:serviceaccounts, and list the named users, groups or service accounts that need the role.",
  types: BINDING_TYPES,
  check: (binding) => {
    const role = asString(at(binding, "roleRef", "name"));
    const out: string[] = [];
    for (const s of asArray(at(binding, "subjects"))) {
      const name = asString(asObject(s)?.name);
      if (name === undefined || !(name in PUBLIC_SUBJECTS)) continue;
      out.push(
        `Binding grants ${role !== undefined ? `the ${role} role` : "its role"} to ${name}, ` +
          `${PUBLIC_SUBJECTS[name]}: bind named users, groups or service accounts.`,
      );
    }
    return out;
  },
});
