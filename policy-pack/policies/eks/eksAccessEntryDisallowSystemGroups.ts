import { resourcePolicy } from "../../lib/policy";
import { listOfStrings } from "../../lib/values";

/**
 * `system:masters` is hard-wired to every permission and bypasses RBAC and authorization webhooks, so no
 * binding can take it back; the other `system:` groups are the API server's own identities (nodes,
 * controllers, all service accounts). An access entry names RBAC groups of our own (`rampart:<role>`).
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege
 * @see https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html
 */
export const eksAccessEntryDisallowSystemGroups = resourcePolicy({
  name: "aws-eks-accessentry-disallow-system-groups",
  description:
    "EKS access entries must not map IAM principals to Kubernetes groups starting with system: " +
    "(system:masters, system:nodes, system:serviceaccounts...): system:masters bypasses RBAC entirely and " +
    "cannot be revoked by any binding, the others impersonate the cluster's own components (CIS Kubernetes 5.1.7, " +
    "NSA/CISA Kubernetes Hardening: RBAC least privilege). Remedy: map to a group of your own and bind it " +
    "to a purpose-built role; use the AmazonEKSClusterAdminPolicy access policy for real administrators.",
  catalog: ["CIS EKS 4.1.7", "AVD-KSV-0111"],
  remediation:
    "Set kubernetesGroups to groups of your own (not system:*) and bind them to purpose-built roles, or associate AmazonEKSClusterAdminPolicy for a real administrator.",
  types: ["aws:eks/accessEntry:AccessEntry"],
  check: (props) => {
    if (!("kubernetesGroups" in props)) return;
    return listOfStrings(props.kubernetesGroups)
      .filter((g) => g.trim().toLowerCase().startsWith("system:"))
      .map((g) =>
        g.trim() === "system:masters"
          ? "Access entry maps the principal to system:masters, which bypasses RBAC and cannot be revoked by any binding: map it to a group of your own, or associate AmazonEKSClusterAdminPolicy for a real administrator."
          : `Access entry maps the principal to the reserved group ${g}: map it to a group of your own and bind that group to a purpose-built role.`,
      );
  },
});
