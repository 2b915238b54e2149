import assert from "node:assert/strict";
import { test } from "node:test";
import { rbacBindingDisallowClusterAdmin } from "../../../policy-pack/policies/k8s-rbac/rbacBindingDisallowClusterAdmin";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { binding, BINDING, CLUSTER_BINDING, G, sa } from "./rbacFixtures";

test("cluster-admin bindings are flagged, in RoleBindings and ClusterRoleBindings; an unknown role name is not inspectable", async () => {
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
    { violations: [], unknownRead: "string value at .roleRef.name can't be known during preview" },
  );
});

test("an unknown roleRef is not inspectable (the SDK's note; the binding is checked again at pulumi up)", async () => {
  assert.deepEqual(
    await validate(rbacBindingDisallowClusterAdmin, {
      type: CLUSTER_BINDING,
      props: { ...binding({}, [sa]), roleRef: UNKNOWN.object },
    }),
    { violations: [], unknownRead: "string value at .roleRef can't be known during preview" },
  );
});

test("an empty role name is not a forbidden role", async () => {
  assert.deepEqual(
    await violations(
      rbacBindingDisallowClusterAdmin,
      BINDING,
      binding({ kind: "ClusterRole", name: "" }, [sa]),
    ),
    [],
  );
});

const MASTERS =
  "Binding names the system:masters group, whose members bypass RBAC and cannot be revoked: " +
  "bind a named group that holds only the permissions needed.";
const masters = { kind: "Group", apiGroup: G, name: "system:masters" };

test("a binding naming the system:masters group is flagged, whatever its role, in every binding form", async () => {
  for (const t of [
    BINDING,
    CLUSTER_BINDING,
    `kubernetes:${G}/v1beta1:ClusterRoleBinding`,
    `kubernetes:${G}/v1:ClusterRoleBindingPatch`,
  ])
    assert.deepEqual(
      await violations(
        rbacBindingDisallowClusterAdmin,
        t,
        binding({ kind: "ClusterRole", name: "view" }, [masters]),
      ),
      [MASTERS],
      t,
    );
  // Both paths at once: two findings.
  assert.deepEqual(
    await violations(
      rbacBindingDisallowClusterAdmin,
      CLUSTER_BINDING,
      binding({ kind: "ClusterRole", name: "cluster-admin" }, [sa, { ...masters, name: " system:masters " }]),
    ),
    ["Binding grants the cluster-admin ClusterRole: bind a role with only the permissions needed.", MASTERS],
  );
});

test("cluster-admin through the older RBAC API and a Patch is flagged too", async () => {
  for (const t of [`kubernetes:${G}/v1beta1:RoleBinding`, `kubernetes:${G}/v1:RoleBindingPatch`])
    assert.deepEqual(
      await violations(
        rbacBindingDisallowClusterAdmin,
        t,
        binding({ kind: "ClusterRole", name: "cluster-admin" }, [sa]),
      ),
      ["Binding grants the cluster-admin ClusterRole: bind a role with only the permissions needed."],
      t,
    );
});

test("system:masters-like names, unknown and empty subject names, and missing subjects are not flagged", async () => {
  for (const subjects of [
    [{ kind: "Group", name: "system:masters-readers" }],
    [{ kind: "Group", name: "" }],
    [{ kind: "Group", name: UNKNOWN.string }],
    [UNKNOWN.object],
    [null, "system:masters"],
    [],
  ])
    assert.deepEqual(
      await violations(
        rbacBindingDisallowClusterAdmin,
        CLUSTER_BINDING,
        binding({ kind: "ClusterRole", name: "view" }, subjects),
      ),
      [],
      JSON.stringify(subjects),
    );
  const { subjects: _omit, ...noSubjects } = binding({ kind: "ClusterRole", name: "view" }, []);
  assert.deepEqual(await violations(rbacBindingDisallowClusterAdmin, CLUSTER_BINDING, noSubjects), []);
});
