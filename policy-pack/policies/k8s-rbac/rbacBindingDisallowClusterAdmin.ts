import { objectPolicy } from "../../lib/k8s";
import { asArray, asObject, asString, at, knownStrings } from "../../lib/values";
import { BINDING_TYPES } from "../../lib/k8sTypes";

/**
 * `system:masters` is the other path to cluster-admin: the API server lets its members through before RBAC
 * is consulted, so no binding can take the power away. A binding that names the group (whatever its role)
 * is how a stack comes to rely on it; Trivy's KSV-0123 and CIS EKS 4.1.7 flag the same.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/
 */
export const rbacBindingDisallowClusterAdmin = objectPolicy({
  name: "kubernetes-rbac-binding-disallow-cluster-admin",
  description:
    "RoleBindings and ClusterRoleBindings must not grant the cluster-admin ClusterRole (or the other roles " +
    "in forbiddenRoles): it is every permission on every resource, and whoever holds it owns the cluster, " +
    "its secrets and the model weights. Nor may they name the system:masters group as a subject: its members " +
    "bypass RBAC altogether. Grant purpose-built roles instead; break-glass admin goes through " +
    "EKS access entries, not a standing binding.",
  catalog: [
    "CIS EKS 4.1.1",
    "CIS EKS 4.1.7",
    "AVD-KSV-0111",
    "AVD-KSV-0123",
    "KICS 249328b8-5f0f-409f-b1dd-029f07882e11",
  ],
  remediation:
    "Set roleRef.name to a purpose-built Role or ClusterRole instead of cluster-admin, and bind no subject named system:masters.",
  types: BINDING_TYPES,
  configSchema: {
    properties: {
      forbiddenRoles: {
        type: "array",
        items: { type: "string" },
        default: ["cluster-admin"],
        description: "ClusterRoles that must never be bound.",
      },
    },
  },
  check: (binding, { config }) => {
    const out: string[] = [];
    const kind = asString(at(binding, "roleRef", "kind"));
    const name = asString(at(binding, "roleRef", "name"));
    if (kind === "ClusterRole" && name !== undefined && knownStrings(config.forbiddenRoles).includes(name))
      out.push(`Binding grants the ${name} ClusterRole: bind a role with only the permissions needed.`);
    const masters = asArray(at(binding, "subjects")).some(
      (s) => asString(asObject(s)?.name)?.trim() === "system:masters",
    );
    if (masters)
      out.push(
        "Binding names the system:masters group, whose members bypass RBAC and cannot be revoked: " +
          "bind a named group that holds only the permissions needed.",
      );
    return out;
  },
});
