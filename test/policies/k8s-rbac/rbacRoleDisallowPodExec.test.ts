import assert from "node:assert/strict";
import { test } from "node:test";
import { rbacRoleDisallowPodExec as policy } from "../../../policy-pack/policies/k8s-rbac/rbacRoleDisallowPodExec";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { ROLE_TYPES } from "../../../policy-pack/lib/k8sTypes";
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

const rule = (resources: string[], verbs: string[], apiGroups = [""]) => ({ apiGroups, resources, verbs });
const msg = (n: number, verbs: string, resources: string) =>
  `Rule #${n} grants ${verbs} on ${resources}: that runs commands in containers; remove it.`;

test("model-management's shape (scale, jobs, pods/log) passes", async () => {
  assert.deepEqual(
    await violations(
      policy,
      ROLE,
      role(
        readPods,
        rule(["deployments", "deployments/scale"], ["get", "patch", "update"], ["apps"]),
        rule(["jobs"], ["create", "delete"], ["batch"]),
      ),
    ),
    [],
  );
});

test("create (SPDY) and get (WebSocket) on exec, attach and portforward are flagged", async () => {
  assert.deepEqual(
    await violations(
      policy,
      ROLE,
      role(rule(["pods/attach", "pods/exec", "pods/portforward"], ["create", "get"])),
    ),
    [msg(1, "create/get", "pods/exec, pods/attach, pods/portforward")],
  );
  assert.deepEqual(await violations(policy, ROLE, role(readPods, rule(["pods/exec"], ["get"]))), [
    msg(2, "get", "pods/exec"),
  ]);
});

test("nodes/proxy, and the wildcard forms (*, */exec, * verbs, * apiGroups) are flagged; pods/* matches no subresource", async () => {
  assert.deepEqual(await violations(policy, CLUSTER_ROLE, role(rule(["nodes/proxy"], ["get"]))), [
    msg(1, "get", "nodes/proxy"),
  ]);
  assert.deepEqual(await violations(policy, CLUSTER_ROLE, role(rule(["*"], ["create"]))), [
    msg(1, "create", "pods/exec, pods/attach, pods/portforward, nodes/proxy"),
  ]);
  assert.deepEqual(await violations(policy, ROLE, role(rule(["*/exec"], ["*"], ["*"]))), [
    msg(1, "create/get", "pods/exec"),
  ]);
  // The authorizer does not expand "pods/*" to subresources.
  assert.deepEqual(await violations(policy, ROLE, role(rule(["pods/*"], ["create"]))), []);
  // list/watch on exec grant nothing usable.
  assert.deepEqual(await violations(policy, ROLE, role(rule(["pods/exec"], ["list", "watch"]))), []);
});

test("exemptRoles names reviewed roles", async () => {
  const r = { ...role(rule(["pods/exec"], ["create"])), metadata: { name: "debug" } };
  assert.deepEqual(await violations(policy, ROLE, r, { exemptRoles: ["debug"] }), []);
  assert.deepEqual(await violations(policy, ROLE, r), [msg(1, "create", "pods/exec")]);
});

test("unknown rules are not inspectable (the SDK's note); unknown entries do not hide the known ones", async () => {
  assert.deepEqual(await validate(policy, { type: ROLE, props: { ...role(), rules: UNKNOWN.array } }), {
    violations: [],
    unknownRead: "string value at .rules can't be known during preview",
  });
  assert.deepEqual(
    await violations(
      policy,
      ROLE,
      role(rule([UNKNOWN.string], ["create"]), rule(["pods/exec"], [UNKNOWN.string, "create"])),
    ),
    [msg(2, "create", "pods/exec")],
  );
});

test('empty strings: "" as a resource or verb grants nothing; "" as an apiGroup is the core group', async () => {
  assert.deepEqual(
    await violations(
      policy,
      ROLE,
      role(rule([""], ["create"]), rule(["pods/exec"], [""]), rule(["pods/exec"], ["create"], [""])),
    ),
    [msg(3, "create", "pods/exec")],
  );
  assert.deepEqual(await violations(policy, ROLE, role(rule(["pods/exec"], ["create"], ["apps"]))), []);
});

test("every served API version and its Patch twin give the same finding", async () => {
  const insecure = role(rule(["pods/exec"], ["create"]));
  const want = await violations(policy, ROLE, insecure);
  assert.ok(want.length > 0);
  for (const t of ROLE_TYPES) assert.deepEqual(await violations(policy, t, insecure), want, t);
});

test("an aggregated ClusterRole taking the built-in edit/admin rules, or every ClusterRole's, is flagged", async () => {
  const builtIn = (n: number, which: string) =>
    `aggregationRule selector #${n} takes the built-in ${which} rules, which create pods/exec, pods/attach ` +
    "and pods/portforward: select ClusterRoles by a label of their own.";
  const every = (n: number) =>
    `aggregationRule selector #${n} is empty, so it takes the rules of every ClusterRole (cluster-admin's ` +
    "included), which run commands in any container: select ClusterRoles by a label of their own.";
  for (const t of [
    CLUSTER_ROLE,
    `kubernetes:${G}/v1beta1:ClusterRole`,
    `kubernetes:${G}/v1:ClusterRolePatch`,
  ])
    assert.deepEqual(
      await violations(policy, t, aggregating(EDIT_SELECTOR, ADMIN_SELECTOR, {})),
      [builtIn(1, "edit"), builtIn(2, "admin"), every(3)],
      t,
    );
  // The view rules hold no exec; a selector of the role's own label, an unknown or empty one, passes.
  assert.deepEqual(
    await violations(
      policy,
      CLUSTER_ROLE,
      aggregating(
        { matchLabels: { "rbac.authorization.k8s.io/aggregate-to-view": "true" } },
        { matchLabels: { "rampart.io/aggregate-to-debug": "true" } },
        { matchLabels: { "rbac.authorization.k8s.io/aggregate-to-edit": "" } },
        UNKNOWN.object,
      ),
    ),
    [],
  );
  assert.deepEqual(
    await violations(policy, CLUSTER_ROLE, aggregating({}), { exemptRoles: ["team-edit"] }),
    [],
  );
});
