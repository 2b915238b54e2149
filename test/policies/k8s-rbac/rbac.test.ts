import assert from "node:assert/strict";
import { test } from "node:test";
import { rbacBindingDisallowClusterAdmin } from "../../../policy-pack/policies/k8s-rbac/rbacBindingDisallowClusterAdmin";
import { rbacBindingDisallowPublicSubjects } from "../../../policy-pack/policies/k8s-rbac/rbacBindingDisallowPublicSubjects";
import { rbacRoleDisallowEscalationVerbs } from "../../../policy-pack/policies/k8s-rbac/rbacRoleDisallowEscalationVerbs";
import { rbacRoleDisallowWildcards } from "../../../policy-pack/policies/k8s-rbac/rbacRoleDisallowWildcards";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const G = "rbac.authorization.k8s.io";
const ROLE = `kubernetes:${G}/v1:Role`;
const CLUSTER_ROLE = `kubernetes:${G}/v1:ClusterRole`;
const BINDING = `kubernetes:${G}/v1:RoleBinding`;
const CLUSTER_BINDING = `kubernetes:${G}/v1:ClusterRoleBinding`;

const readPods = { apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list", "watch"] };
const role = (...rules: any[]) => ({ apiVersion: `${G}/v1`, kind: "Role", metadata: { name: "r" }, rules });
const binding = (roleRef: any, subjects: any[]) => ({
  apiVersion: `${G}/v1`,
  kind: "RoleBinding",
  metadata: { name: "b", namespace: "inference" },
  roleRef: { apiGroup: G, ...roleRef },
  subjects,
});
const sa = { kind: "ServiceAccount", name: "inference", namespace: "inference" };

test("wildcards: a least-privilege Role and ClusterRole pass", async () => {
  for (const t of [ROLE, CLUSTER_ROLE])
    assert.deepEqual(await violations(rbacRoleDisallowWildcards, t, role(readPods)), []);
});

test("wildcards: each field is flagged, in Roles and ClusterRoles, per rule", async () => {
  assert.deepEqual(
    await violations(rbacRoleDisallowWildcards, ROLE, role(readPods, { ...readPods, verbs: ["*"] })),
    ["Rule #2 uses a wildcard in verbs: list the exact verbs it needs."],
  );
  assert.deepEqual(
    await violations(
      rbacRoleDisallowWildcards,
      CLUSTER_ROLE,
      role({ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }),
    ),
    [
      "Rule #1 uses a wildcard in apiGroups, resources, verbs: list the exact apiGroups, resources, verbs it needs.",
    ],
  );
  assert.deepEqual(
    await violations(
      rbacRoleDisallowWildcards,
      CLUSTER_ROLE,
      role({ nonResourceURLs: ["/metrics*"], verbs: ["get"] }, { ...readPods, resources: ["pods/*"] }),
    ),
    [
      "Rule #1 uses a wildcard in nonResourceURLs: list the exact nonResourceURLs it needs.",
      "Rule #2 uses a wildcard in resources: list the exact resources it needs.",
    ],
  );
});

test("wildcards: patches, older API versions and unknowns", async () => {
  const wild = role({ apiGroups: [""], resources: ["secrets"], verbs: ["*"] });
  assert.equal((await violations(rbacRoleDisallowWildcards, `${CLUSTER_ROLE}Patch`, wild)).length, 1);
  assert.equal(
    (await violations(rbacRoleDisallowWildcards, `kubernetes:${G}/v1beta1:ClusterRole`, wild)).length,
    1,
  );
  assert.deepEqual(
    await validate(rbacRoleDisallowWildcards, {
      type: ROLE,
      props: role(UNKNOWN.object, { verbs: UNKNOWN.array }),
    }),
    { violations: [] },
  );
  assert.deepEqual(
    await validate(rbacRoleDisallowWildcards, { type: ROLE, props: { rules: UNKNOWN.array } }),
    {
      violations: [],
    },
  );
});

test("escalation verbs are flagged; ordinary verbs pass", async () => {
  assert.deepEqual(await violations(rbacRoleDisallowEscalationVerbs, ROLE, role(readPods)), []);
  assert.deepEqual(
    await violations(
      rbacRoleDisallowEscalationVerbs,
      CLUSTER_ROLE,
      role(
        readPods,
        { apiGroups: [G], resources: ["clusterroles"], verbs: ["bind", "escalate"] },
        { apiGroups: [""], resources: ["users"], verbs: ["impersonate"] },
      ),
    ),
    ["Rule #2 grants bind, escalate: remove them.", "Rule #3 grants impersonate: remove it."],
  );
});

test("cluster-admin bindings are flagged, in RoleBindings and ClusterRoleBindings", async () => {
  const msg = "Binding grants the cluster-admin ClusterRole: bind a role with only the permissions needed.";
  for (const t of [BINDING, CLUSTER_BINDING])
    assert.deepEqual(
      await violations(
        rbacBindingDisallowClusterAdmin,
        t,
        binding({ kind: "ClusterRole", name: "cluster-admin" }, [sa]),
      ),
      [msg],
    );
  assert.deepEqual(
    await violations(
      rbacBindingDisallowClusterAdmin,
      BINDING,
      binding({ kind: "ClusterRole", name: "view" }, [sa]),
    ),
    [],
  );
  // A namespaced Role that happens to be called cluster-admin is not the ClusterRole.
  assert.deepEqual(
    await violations(
      rbacBindingDisallowClusterAdmin,
      BINDING,
      binding({ kind: "Role", name: "cluster-admin" }, [sa]),
    ),
    [],
  );
  assert.deepEqual(
    await violations(
      rbacBindingDisallowClusterAdmin,
      CLUSTER_BINDING,
      binding({ kind: "ClusterRole", name: "admin" }, [sa]),
      { forbiddenRoles: ["cluster-admin", "admin"] },
    ),
    ["Binding grants the admin ClusterRole: bind a role with only the permissions needed."],
  );
  assert.deepEqual(
    await validate(rbacBindingDisallowClusterAdmin, {
      type: BINDING,
      props: binding({ kind: "ClusterRole", name: UNKNOWN.string }, []),
    }),
    { violations: [] },
  );
});

test("bindings to anonymous, unauthenticated and authenticated subjects are flagged", async () => {
  assert.deepEqual(
    await violations(rbacBindingDisallowPublicSubjects, BINDING, binding({ kind: "Role", name: "r" }, [sa])),
    [],
  );
  assert.deepEqual(
    await violations(
      rbacBindingDisallowPublicSubjects,
      CLUSTER_BINDING,
      binding({ kind: "ClusterRole", name: "view" }, [
        { kind: "User", name: "system:anonymous", apiGroup: G },
        { kind: "Group", name: "system:unauthenticated", apiGroup: G },
        { kind: "Group", name: "system:authenticated", apiGroup: G },
        sa,
        UNKNOWN.object,
      ]),
    ),
    [
      "Binding grants the view role to system:anonymous, every unauthenticated request: bind named users, groups or service accounts.",
      "Binding grants the view role to system:unauthenticated, every unauthenticated request: bind named users, groups or service accounts.",
      "Binding grants the view role to system:authenticated, every identity the cluster can authenticate (on EKS, any mapped IAM principal): bind named users, groups or service accounts.",
    ],
  );
});
