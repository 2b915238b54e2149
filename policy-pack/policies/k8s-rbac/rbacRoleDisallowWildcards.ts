import { objectPolicy } from "../../lib/k8s";
import { asArray, at, knownStrings } from "../../lib/values";
import { ROLE_TYPES } from "../../lib/k8sTypes";

const FIELDS = ["apiGroups", "resources", "verbs", "nonResourceURLs"] as const;

/**
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege
 */
export const rbacRoleDisallowWildcards = objectPolicy({
  name: "kubernetes-rbac-role-disallow-wildcards",
  description:
    'Role and ClusterRole rules must not use "*" in apiGroups, resources, verbs or nonResourceURLs. A ' +
    "wildcard grants every current and future resource or verb — secrets, pods/exec, escalate, bind — " +
    "including those added later by CRDs, so a role meant to read one thing quietly becomes admin.",
  catalog: ["CIS EKS 4.1.3", "CKV_K8S_49", "AVD-KSV-0044", "AVD-KSV-0046"],
  remediation:
    'Replace every "*" in rules[].apiGroups, resources, verbs and nonResourceURLs with the exact values the role needs.',
  types: ROLE_TYPES,
  check: (role) => {
    const out: string[] = [];
    asArray(at(role, "rules")).forEach((rule, i) => {
      const wild = FIELDS.filter((f) => knownStrings(at(rule, f)).some((v) => v.includes("*")));
      if (wild.length === 0) return;
      out.push(
        `Rule #${i + 1} uses a wildcard in ${wild.join(", ")}: list the exact ${wild.join(", ")} it needs.`,
      );
    });
    return out;
  },
});
