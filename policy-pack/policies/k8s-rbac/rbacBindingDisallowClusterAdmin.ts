import { objectPolicy } from "../../lib/k8s";
import { at, asString, knownStrings } from "../../lib/values";
import { BINDING_TYPES } from "../../lib/k8sTypes";

/**
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/
 */
export const rbacBindingDisallowClusterAdmin = objectPolicy({
  name: "kubernetes-rbac-binding-disallow-cluster-admin",
  description:
    "RoleBindings and ClusterRoleBindings must not grant the cluster-admin ClusterRole (or the other roles " +
    "in forbiddenRoles): it is every permission on every resource, and whoever holds it owns the cluster, " +
    "its secrets and the model weights. Grant purpose-built roles instead; break-glass admin goes through " +
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
    const kind = asString(at(binding, "roleRef", "kind"));
    const name = asString(at(binding, "roleRef", "name"));
    if (kind !== "ClusterRole" || name === undefined) return;
    if (!knownStrings(config.forbiddenRoles).includes(name)) return;
    return `Binding grants the ${name} ClusterRole: bind a role with only the permissions needed.`;
  },
});
