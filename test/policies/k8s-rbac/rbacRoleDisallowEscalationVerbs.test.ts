import assert from "node:assert/strict";
import { test } from "node:test";
import { rbacRoleDisallowEscalationVerbs } from "../../../policy-pack/policies/k8s-rbac/rbacRoleDisallowEscalationVerbs";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import {
  ADMIN_SELECTOR,
  aggregating,
  CLUSTER_ROLE,
  EDIT_SELECTOR,
  G,
  readPods,
  role,
  ROLE,
} from "./rbacFixtures";

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

test("verbs are matched case-insensitively and in every Role type, patches included", async () => {
  const esc = role({ apiGroups: [G], resources: ["clusterroles"], verbs: ["Escalate"] });
  for (const t of [ROLE, `${CLUSTER_ROLE}Patch`, `kubernetes:${G}/v1beta1:Role`])
    assert.deepEqual(await violations(rbacRoleDisallowEscalationVerbs, t, esc), [
      "Rule #1 grants Escalate: remove it.",
    ]);
});

test("unknown rules are not inspectable (the SDK's note); a known escalation verb beside unknown rules or verbs is flagged", async () => {
  assert.deepEqual(
    await validate(rbacRoleDisallowEscalationVerbs, { type: ROLE, props: { rules: UNKNOWN.array } }),
    { violations: [], unknownRead: "string value at .rules can't be known during preview" },
  );
  assert.deepEqual(
    await validate(rbacRoleDisallowEscalationVerbs, {
      type: ROLE,
      props: role(UNKNOWN.object, { ...readPods, verbs: [UNKNOWN.string, "bind"] }),
    }),
    { violations: ["Rule #2 grants bind: remove it."] },
  );
});

test("an empty verb grants nothing and is not flagged", async () => {
  assert.deepEqual(
    await violations(rbacRoleDisallowEscalationVerbs, ROLE, role({ ...readPods, verbs: [""] })),
    [],
  );
});

test('"*" verbs on roles/clusterroles (escalate, bind) or on users/groups/serviceaccounts/uids (impersonate) are flagged', async () => {
  assert.deepEqual(
    await violations(
      rbacRoleDisallowEscalationVerbs,
      CLUSTER_ROLE,
      role(
        { apiGroups: [G], resources: ["clusterroles", "rolebindings"], verbs: ["*"] },
        { apiGroups: [""], resources: ["serviceaccounts", "pods"], verbs: ["*"] },
        { apiGroups: ["authentication.k8s.io"], resources: ["uids"], verbs: ["*"] },
      ),
    ),
    [
      'Rule #1 grants "*" verbs on clusterroles, which include escalate and bind: list the verbs it needs.',
      'Rule #2 grants "*" verbs on serviceaccounts, which include impersonate: list the verbs it needs.',
      'Rule #3 grants "*" verbs on uids, which include impersonate: list the verbs it needs.',
    ],
  );
  // "*" everything is both.
  assert.deepEqual(
    await violations(
      rbacRoleDisallowEscalationVerbs,
      CLUSTER_ROLE,
      role({ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }),
    ),
    [
      'Rule #1 grants "*" verbs on roles, clusterroles, which include escalate and bind: list the verbs it needs.',
      'Rule #1 grants "*" verbs on users, groups, serviceaccounts, uids, which include impersonate: list the verbs it needs.',
      "Rule #1 grants create on serviceaccounts/token, which mints tokens to act as the namespace's service accounts: remove it.",
    ],
  );
  // "*" verbs on bindings alone (creating a binding still needs the bound permissions) and on pods are not escalation.
  assert.deepEqual(
    await violations(
      rbacRoleDisallowEscalationVerbs,
      ROLE,
      role({ apiGroups: [G], resources: ["rolebindings"], verbs: ["*"] }),
    ),
    [],
  );
});

test("create on serviceaccounts/token is flagged; get on serviceaccounts is not", async () => {
  assert.deepEqual(
    await violations(
      rbacRoleDisallowEscalationVerbs,
      ROLE,
      role(
        { apiGroups: [""], resources: ["serviceaccounts/token"], verbs: ["create"] },
        { apiGroups: [""], resources: ["serviceaccounts"], verbs: ["get", "list"] },
      ),
    ),
    [
      "Rule #1 grants create on serviceaccounts/token, which mints tokens to act as the namespace's service accounts: remove it.",
    ],
  );
});

test('unknown apiGroups beside "*" verbs are skipped; an empty ("") resource is nothing', async () => {
  assert.deepEqual(
    await violations(
      rbacRoleDisallowEscalationVerbs,
      ROLE,
      role({ apiGroups: [UNKNOWN.string], resources: ["roles"], verbs: ["*"] }),
    ),
    [],
  );
  assert.deepEqual(
    await violations(
      rbacRoleDisallowEscalationVerbs,
      ROLE,
      role({ apiGroups: [G], resources: [""], verbs: ["*"] }),
    ),
    [],
  );
});

test("an aggregated ClusterRole taking the built-in edit/admin rules, or every ClusterRole's, is flagged", async () => {
  const builtIn = (n: number, which: string) =>
    `aggregationRule selector #${n} takes the built-in ${which} rules, which impersonate serviceaccounts: ` +
    "select ClusterRoles by a label of their own.";
  const every = (n: number) =>
    `aggregationRule selector #${n} is empty, so it takes the rules of every ClusterRole (cluster-admin's ` +
    "included), escalate, bind and impersonate among them: select ClusterRoles by a label of their own.";
  for (const t of [
    CLUSTER_ROLE,
    `kubernetes:${G}/v1beta1:ClusterRole`,
    `kubernetes:${G}/v1:ClusterRolePatch`,
  ])
    assert.deepEqual(
      await violations(
        rbacRoleDisallowEscalationVerbs,
        t,
        aggregating(EDIT_SELECTOR, ADMIN_SELECTOR, { matchLabels: {}, matchExpressions: [] }),
      ),
      [builtIn(1, "edit"), builtIn(2, "admin"), every(3)],
      t,
    );
  assert.deepEqual(
    await violations(
      rbacRoleDisallowEscalationVerbs,
      CLUSTER_ROLE,
      aggregating(
        { matchLabels: { "rbac.authorization.k8s.io/aggregate-to-view": "true" } },
        { matchExpressions: [{ key: "rbac.authorization.k8s.io/aggregate-to-edit", operator: "Exists" }] },
        { matchLabels: { "rbac.authorization.k8s.io/aggregate-to-admin": UNKNOWN.string } },
        { matchLabels: { "": "true" } },
      ),
    ),
    [],
  );
});
