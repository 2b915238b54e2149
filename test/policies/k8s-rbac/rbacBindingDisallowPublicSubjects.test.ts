import assert from "node:assert/strict";
import { test } from "node:test";
import { rbacBindingDisallowPublicSubjects } from "../../../policy-pack/policies/k8s-rbac/rbacBindingDisallowPublicSubjects";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { BINDING_TYPES } from "../../../policy-pack/lib/k8sTypes";
import { binding, BINDING, CLUSTER_BINDING, G, sa } from "./rbacFixtures";

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

test("unknown subjects are not inspectable (the SDK's note); an unknown role name reads as 'its role'", async () => {
  assert.deepEqual(
    await validate(rbacBindingDisallowPublicSubjects, {
      type: BINDING,
      props: { ...binding({ kind: "Role", name: "r" }, []), subjects: UNKNOWN.array },
    }),
    { violations: [], unknownRead: "string value at .subjects can't be known during preview" },
  );
  assert.deepEqual(
    await violations(
      rbacBindingDisallowPublicSubjects,
      BINDING,
      binding({ kind: "Role", name: UNKNOWN.string }, [
        { kind: "User", name: UNKNOWN.string },
        { kind: "Group", name: "system:anonymous", apiGroup: G },
      ]),
    ),
    [
      "Binding grants its role to system:anonymous, every unauthenticated request: bind named users, groups or service accounts.",
    ],
  );
});

test("an empty subject name is not a public subject", async () => {
  assert.deepEqual(
    await violations(
      rbacBindingDisallowPublicSubjects,
      BINDING,
      binding({ kind: "Role", name: "r" }, [{ kind: "Group", name: "", apiGroup: G }]),
    ),
    [],
  );
});

test("system:serviceaccounts (every pod's account) is flagged; one namespace's group and named accounts pass", async () => {
  assert.deepEqual(
    await violations(
      rbacBindingDisallowPublicSubjects,
      CLUSTER_BINDING,
      binding({ kind: "ClusterRole", name: "reader" }, [
        { kind: "Group", name: "system:serviceaccounts", apiGroup: G },
        { kind: "Group", name: "system:serviceaccounts:inference", apiGroup: G },
        { kind: "Group", name: "rampart:audit-view", apiGroup: G },
        sa,
      ]),
    ),
    [
      "Binding grants the reader role to system:serviceaccounts, every service account of every namespace (any pod, including future ones): bind named users, groups or service accounts.",
    ],
  );
});

test("a binding without subjects (missing or empty) grants nothing and passes", async () => {
  const { subjects: _omit, ...noSubjects } = binding({ kind: "Role", name: "r" }, []);
  assert.deepEqual(await violations(rbacBindingDisallowPublicSubjects, BINDING, noSubjects), []);
  assert.deepEqual(
    await violations(rbacBindingDisallowPublicSubjects, BINDING, binding({ kind: "Role", name: "r" }, [])),
    [],
  );
});

test("every served API version and its Patch twin give the same finding", async () => {
  const insecure = binding({ kind: "ClusterRole", name: "view" }, [
    { kind: "Group", name: "system:authenticated" },
  ]);
  const want = await violations(rbacBindingDisallowPublicSubjects, BINDING, insecure);
  assert.ok(want.length > 0);
  for (const t of BINDING_TYPES)
    assert.deepEqual(await violations(rbacBindingDisallowPublicSubjects, t, insecure), want, t);
});
