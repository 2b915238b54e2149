import assert from "node:assert/strict";
import { test } from "node:test";
import { rbacRoleDisallowEscalationVerbs } from "../../../policy-pack/policies/k8s-rbac/rbacRoleDisallowEscalationVerbs";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { CLUSTER_ROLE, G, readPods, role, ROLE } from "./rbacFixtures";

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

test("unknown rules or verbs are not read and say nothing; a known escalation verb beside them is flagged", async () => {
  assert.deepEqual(
    await validate(rbacRoleDisallowEscalationVerbs, { type: ROLE, props: { rules: UNKNOWN.array } }),
    { violations: [] },
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
