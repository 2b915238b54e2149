import { objectPolicy } from "../../lib/k8s";
import { ROLE_TYPES } from "../../lib/k8sTypes";
import { aggregatedSelectors, coveredResources, grantedVerbs, roleName, rulesOf } from "../../lib/rbacRules";
import { knownStrings } from "../../lib/values";

/**
 * kubectl exec, attach and port-forward are `create` on the subresource over SPDY and `get` over
 * WebSockets (the API server authorizes the upgrade as a GET on clusters without the
 * AuthorizePodWebsocketUpgradeCreatePermission gate), so both verbs open a shell; `nodes/proxy` reaches
 * the kubelet API, which runs commands in any pod of the node and bypasses admission and audit.
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/#nodes-proxy
 * @see https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/#kubelet-authorization
 */
const SHELL_RESOURCES = ["pods/exec", "pods/attach", "pods/portforward", "nodes/proxy"];
const SHELL_VERBS = ["create", "get"];

export const rbacRoleDisallowPodExec = objectPolicy({
  name: "kubernetes-rbac-role-disallow-pod-exec",
  description:
    "Roles and ClusterRoles must not grant create or get on pods/exec, pods/attach, pods/portforward or " +
    'nodes/proxy (directly or through "*"): each runs commands inside containers or reaches them past ' +
    "NetworkPolicies and the mesh, reading prompts, model weights and mounted credentials (CIS Kubernetes " +
    "RBAC least privilege; Kubescape C-0002 exec into container; NSA/CISA Kubernetes Hardening; Kubernetes RBAC " +
    "good practices, nodes/proxy). " +
    "Remedy: remove the rule; debug with ephemeral containers under review; dev may relax this to advisory.",
  catalog: ["CKV2_K8S_2", "AVD-KSV-0053", "AVD-KSV-0047", "NSA-CISA Authentication and authorization"],
  remediation:
    'Remove pods/exec, pods/attach, pods/portforward and nodes/proxy (and "*" resources) from the rules that grant create or get, or list the role in exemptRoles after review.',
  types: ROLE_TYPES,
  configSchema: {
    properties: {
      exemptRoles: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Role/ClusterRole names allowed to exec (reviewed break-glass tooling).",
      },
    },
  },
  check: (role, { config }) => {
    const name = roleName(role);
    if (name !== undefined && knownStrings(config.exemptRoles).includes(name)) return;
    // An aggregated ClusterRole takes the built-in edit/admin rules (which exec into pods) or every role's.
    const aggregated = aggregatedSelectors(role).map(({ n, pulls }) =>
      pulls === "every"
        ? `aggregationRule selector #${n} is empty, so it takes the rules of every ClusterRole (cluster-admin's ` +
          "included), which run commands in any container: select ClusterRoles by a label of their own."
        : `aggregationRule selector #${n} takes the built-in ${pulls} rules, which create pods/exec, pods/attach ` +
          "and pods/portforward: select ClusterRoles by a label of their own.",
    );
    const direct = rulesOf(role).flatMap((rule) => {
      const resources = coveredResources(rule, "", SHELL_RESOURCES);
      const verbs = grantedVerbs(rule, SHELL_VERBS);
      if (resources.length === 0 || verbs.length === 0) return [];
      return [
        `Rule #${rule.n} grants ${verbs.join("/")} on ${resources.join(", ")}: that runs commands in containers; remove it.`,
      ];
    });
    return [...direct, ...aggregated];
  },
});
