import assert from "node:assert/strict";
import { test } from "node:test";
import { rbacRoleDisallowSecretsRead as policy } from "../../../policy-pack/policies/k8s-rbac/rbacRoleDisallowSecretsRead";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { CLUSTER_ROLE, G, readPods, role, ROLE } from "./rbacFixtures";

const rule = (
  apiGroups: string[],
  resources: string[],
  verbs: string[],
  extra: Record<string, unknown> = {},
) => ({
  apiGroups,
  resources,
  verbs,
  ...extra,
});
const msg = (n: number, verbs: string) =>
  `Rule #${n} lets its holder ${verbs} Secrets: remove the verbs, or name the Secrets it needs with resourceNames.`;

test("a role without Secrets (audit-view's shape: pods, pods/log, events, configmaps in other groups) passes", async () => {
  assert.deepEqual(
    await violations(
      policy,
      CLUSTER_ROLE,
      role(
        readPods,
        rule([""], ["events", "services"], ["get", "list", "watch"]),
        rule(["apps"], ["secrets"], ["get"]),
      ),
    ),
    [],
  );
});

test("get, list and watch on secrets are flagged, in Role and ClusterRole, each rule once", async () => {
  assert.deepEqual(await violations(policy, ROLE, role(readPods, rule([""], ["secrets"], ["get"]))), [
    msg(2, "get"),
  ]);
  assert.deepEqual(
    await violations(
      policy,
      CLUSTER_ROLE,
      role(rule([""], ["configmaps", "secrets"], ["list", "watch", "create"])),
    ),
    [msg(1, "list/watch")],
  );
});

test('"*" in resources, verbs or apiGroups reads Secrets too; "*/secrets" is no subresource form for secrets', async () => {
  assert.deepEqual(await violations(policy, ROLE, role(rule([""], ["*"], ["list"]))), [msg(1, "list")]);
  assert.deepEqual(await violations(policy, ROLE, role(rule([""], ["secrets"], ["*"]))), [
    msg(1, "get/list/watch"),
  ]);
  assert.deepEqual(await violations(policy, ROLE, role(rule(["*"], ["secrets"], ["watch"]))), [
    msg(1, "watch"),
  ]);
  assert.deepEqual(await violations(policy, ROLE, role(rule([G], ["*"], ["*"]))), []);
});

test("write-only verbs and named Secrets (resourceNames) pass", async () => {
  assert.deepEqual(await violations(policy, ROLE, role(rule([""], ["secrets"], ["create", "delete"]))), []);
  assert.deepEqual(
    await violations(policy, ROLE, role(rule([""], ["secrets"], ["get"], { resourceNames: ["vllm-tls"] }))),
    [],
  );
});

test("exemptRoles names reviewed roles", async () => {
  const r = { ...role(rule([""], ["secrets"], ["get"])), metadata: { name: "external-secrets" } };
  assert.deepEqual(await violations(policy, CLUSTER_ROLE, r, { exemptRoles: ["external-secrets"] }), []);
  assert.deepEqual(await violations(policy, CLUSTER_ROLE, r), [msg(1, "get")]);
});

test("unknown rules, verbs or resources are skipped without hiding the known rules", async () => {
  assert.deepEqual(await validate(policy, { type: ROLE, props: { ...role(), rules: UNKNOWN.array } }), {
    violations: [],
  });
  assert.deepEqual(
    await violations(
      policy,
      ROLE,
      role(rule([""], [UNKNOWN.string], ["get"]), rule([""], ["secrets"], [UNKNOWN.string, "list"])),
    ),
    [msg(2, "list")],
  );
});

test('empty strings: apiGroup "" is the core group; a "" resource or verb grants nothing', async () => {
  assert.deepEqual(
    await violations(policy, ROLE, role(rule([""], [""], ["get"]), rule([""], ["secrets"], [""]))),
    [],
  );
  assert.deepEqual(await violations(policy, ROLE, role(rule([], ["secrets"], ["get"]))), []);
  assert.deepEqual(await violations(policy, ROLE, { ...role(), rules: [] }), []);
});
