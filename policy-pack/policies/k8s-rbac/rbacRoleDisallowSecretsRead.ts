import { objectPolicy } from "../../lib/k8s";
import { ROLE_TYPES } from "../../lib/k8sTypes";
import { aggregatedSelectors, coveredResources, grantedVerbs, roleName, rulesOf } from "../../lib/rbacRules";
import { knownStrings } from "../../lib/values";

const READ = ["get", "list", "watch"];

/**
 * `list` and `watch` return whole Secret objects, not only names, so all three verbs read every Secret
 * in scope (service-account tokens, TLS keys, registry and model-store credentials). A rule naming its
 * Secrets (`resourceNames`) is the least-privilege form and passes; a workload that truly needs to read
 * Secrets of a namespace is exempted by name in config.
 * An aggregated ClusterRole has no rules of its own to read: the controller fills them from the ClusterRoles
 * its aggregationRule selects, so a selector for the built-in edit/admin rules (or an empty selector, which
 * takes every ClusterRole's) reads Secrets as surely as a rule would.
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#aggregated-clusterroles
 */
export const rbacRoleDisallowSecretsRead = objectPolicy({
  name: "kubernetes-rbac-role-disallow-secrets-read",
  description:
    "Roles and ClusterRoles must not let their holders get, list or watch Secrets (directly, or through " +
    '"*" resources, verbs or apiGroups): list and watch return every Secret\'s data, so one such grant ' +
    "reads every token and credential in scope (CIS EKS 4.1.2 / CIS Kubernetes 5.1.2 minimize access to " +
    "secrets; Kubescape C-0015; Checkov CKV2_K8S_5; NSA/CISA Kubernetes Hardening), nor aggregate the " +
    "built-in edit or admin rules (or every ClusterRole's) through an aggregationRule. Remedy: drop the verbs, name the Secrets " +
    "with resourceNames, or exempt a reviewed workload role by name (exemptRoles).",
  catalog: ["CIS EKS 4.1.2", "CKV2_K8S_5", "AVD-KSV-0041", "AVD-KSV-0113"],
  remediation:
    'Remove get, list and watch on secrets (and "*" resources or verbs in the core group) from rules[] and edit/admin or empty selectors from aggregationRule.clusterRoleSelectors, or name the Secrets in resourceNames, or list a reviewed role in exemptRoles.',
  types: ROLE_TYPES,
  configSchema: {
    properties: {
      exemptRoles: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Role/ClusterRole names allowed to read Secrets (reviewed controllers).",
      },
    },
  },
  check: (role, { config }) => {
    const name = roleName(role);
    if (name !== undefined && knownStrings(config.exemptRoles).includes(name)) return;
    const aggregated = aggregatedSelectors(role).map(({ n, pulls }) =>
      pulls === "every"
        ? `aggregationRule selector #${n} is empty, so it takes the rules of every ClusterRole (cluster-admin's ` +
          "included) and reads every Secret: select ClusterRoles by a label of their own."
        : `aggregationRule selector #${n} takes the built-in ${pulls} rules, which get/list/watch Secrets: ` +
          "select ClusterRoles by a label of their own.",
    );
    const direct = rulesOf(role).flatMap((rule) => {
      if (rule.resourceNames.length > 0) return [];
      if (coveredResources(rule, "", ["secrets"]).length === 0) return [];
      const verbs = grantedVerbs(rule, READ);
      if (verbs.length === 0) return [];
      return [
        `Rule #${rule.n} lets its holder ${verbs.join("/")} Secrets: remove the verbs, or name the Secrets it needs with resourceNames.`,
      ];
    });
    return [...direct, ...aggregated];
  },
});
