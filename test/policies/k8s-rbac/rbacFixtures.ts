/** RBAC objects shared by the four RBAC policy tests. */
export const G = "rbac.authorization.k8s.io";
export const ROLE = `kubernetes:${G}/v1:Role`;
export const CLUSTER_ROLE = `kubernetes:${G}/v1:ClusterRole`;
export const BINDING = `kubernetes:${G}/v1:RoleBinding`;
export const CLUSTER_BINDING = `kubernetes:${G}/v1:ClusterRoleBinding`;

export const readPods = { apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list", "watch"] };
export const role = (...rules: any[]) => ({
  apiVersion: `${G}/v1`,
  kind: "Role",
  metadata: { name: "r" },
  rules,
});
export const binding = (roleRef: any, subjects: any[]) => ({
  apiVersion: `${G}/v1`,
  kind: "RoleBinding",
  metadata: { name: "b", namespace: "inference" },
  roleRef: { apiGroup: G, ...roleRef },
  subjects,
});
export const sa = { kind: "ServiceAccount", name: "inference", namespace: "inference" };
/** An aggregated ClusterRole: its rules come from the ClusterRoles the selectors match. */
export const aggregating = (...clusterRoleSelectors: unknown[]) => ({
  apiVersion: `${G}/v1`,
  kind: "ClusterRole",
  metadata: { name: "team-edit" },
  aggregationRule: { clusterRoleSelectors },
  rules: [],
});
export const EDIT_SELECTOR = { matchLabels: { "rbac.authorization.k8s.io/aggregate-to-edit": "true" } };
export const ADMIN_SELECTOR = { matchLabels: { "rbac.authorization.k8s.io/aggregate-to-admin": "true" } };
