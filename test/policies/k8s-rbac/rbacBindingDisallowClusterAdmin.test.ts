import assert from "node:assert/strict";
import { test } from "node:test";
import { rbacBindingDisallowClusterAdmin } from "../../../policy-pack/policies/k8s-rbac/rbacBindingDisallowClusterAdmin";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { binding, BINDING, CLUSTER_BINDING, sa } from "./rbacFixtures";

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

test("an unknown roleRef is not read and says nothing (the binding is checked again at pulumi up)", async () => {
  assert.deepEqual(
    await validate(rbacBindingDisallowClusterAdmin, {
      type: CLUSTER_BINDING,
      props: { ...binding({}, [sa]), roleRef: UNKNOWN.object },
    }),
    { violations: [] },
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
