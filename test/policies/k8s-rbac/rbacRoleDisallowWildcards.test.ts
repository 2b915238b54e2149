import assert from "node:assert/strict";
import { test } from "node:test";
import { rbacRoleDisallowWildcards } from "../../../policy-pack/policies/k8s-rbac/rbacRoleDisallowWildcards";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { CLUSTER_ROLE, G, readPods, role, ROLE } from "./rbacFixtures";
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

test("wildcards: patches and older API versions are flagged; unknown rules are not inspectable (the SDK's note)", async () => {
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
    { violations: [], unknownRead: "string value at .rules.0 can't be known during preview" },
  );
  assert.deepEqual(
    await validate(rbacRoleDisallowWildcards, { type: ROLE, props: { rules: UNKNOWN.array } }),
    {
      violations: [],
      unknownRead: "string value at .rules can't be known during preview",
    },
  );
});

test("an unknown rule or field is not read and says nothing; a known wildcard in another rule is still flagged", async () => {
  assert.deepEqual(
    await validate(rbacRoleDisallowWildcards, {
      type: ROLE,
      props: role(
        { apiGroups: [""], resources: UNKNOWN.array, verbs: ["get"] },
        { ...readPods, verbs: ["*"] },
      ),
    }),
    { violations: ["Rule #2 uses a wildcard in verbs: list the exact verbs it needs."] },
  );
});

test('empty strings are not wildcards: "" is the core API group, an empty verb grants nothing', async () => {
  assert.deepEqual(
    await violations(
      rbacRoleDisallowWildcards,
      ROLE,
      role({ apiGroups: [""], resources: [""], verbs: [""] }),
    ),
    [],
  );
});
