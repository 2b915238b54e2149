import assert from "node:assert/strict";
import { test } from "node:test";
import { rbacRoleDisallowSecretsRead as policy } from "../../../policy-pack/policies/k8s-rbac/rbacRoleDisallowSecretsRead";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { aggregating, CLUSTER_ROLE, G, readPods, role, ROLE } from "./rbacFixtures";

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

test("unknown rules are not inspectable (the SDK's note); unknown verbs or resources do not hide the known rules", async () => {
  assert.deepEqual(await validate(policy, { type: ROLE, props: { ...role(), rules: UNKNOWN.array } }), {
    violations: [],
    unknownRead: "string value at .rules can't be known during preview",
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

const AGG_EVERY = (n: number) =>
  `aggregationRule selector #${n} is empty, so it takes the rules of every ClusterRole (cluster-admin's ` +
  "included) and reads every Secret: select ClusterRoles by a label of their own.";
const AGG_BUILT_IN = (n: number, which: string) =>
  `aggregationRule selector #${n} takes the built-in ${which} rules, which get/list/watch Secrets: ` +
  "select ClusterRoles by a label of their own.";

test("an aggregated ClusterRole that takes the built-in edit or admin rules, or every ClusterRole's, is flagged", async () => {
  for (const t of [
    CLUSTER_ROLE,
    `kubernetes:${G}/v1beta1:ClusterRole`,
    `kubernetes:${G}/v1:ClusterRolePatch`,
  ])
    assert.deepEqual(
      await violations(
        policy,
        t,
        aggregating(
          { matchLabels: { "rbac.authorization.k8s.io/aggregate-to-view": "true" } },
          { matchLabels: { "rbac.authorization.k8s.io/aggregate-to-edit": "true" } },
          {
            matchLabels: {
              "rbac.authorization.k8s.io/aggregate-to-admin": "true",
              "kubernetes.io/bootstrapping": "rbac-defaults",
            },
          },
          {},
          { matchLabels: {} },
        ),
      ),
      [AGG_BUILT_IN(2, "edit"), AGG_BUILT_IN(3, "admin"), AGG_EVERY(4), AGG_EVERY(5)],
      t,
    );
});

test("aggregation selectors narrowed by a label of their own, or by expressions, or unknown or empty, pass", async () => {
  assert.deepEqual(
    await violations(
      policy,
      CLUSTER_ROLE,
      aggregating(
        // Only ClusterRoles labelled for this team: not the built-ins.
        { matchLabels: { "rbac.authorization.k8s.io/aggregate-to-edit": "true", "rampart.io/team": "ml" } },
        { matchLabels: { "rbac.authorization.k8s.io/aggregate-to-edit": "false" } },
        { matchLabels: { "rbac.authorization.k8s.io/aggregate-to-edit": "" } },
        { matchLabels: { "rbac.authorization.k8s.io/aggregate-to-edit": UNKNOWN.string } },
        { matchExpressions: [{ key: "rampart.io/team", operator: "In", values: ["ml"] }] },
        { matchLabels: UNKNOWN.object },
        { matchExpressions: UNKNOWN.array },
        UNKNOWN.object,
        null,
      ),
    ),
    [],
  );
  // No aggregationRule, or an unknown one: only the rules count.
  assert.deepEqual(await violations(policy, CLUSTER_ROLE, role(readPods)), []);
  assert.deepEqual(
    await violations(policy, CLUSTER_ROLE, { ...aggregating(), aggregationRule: UNKNOWN.object }),
    [],
  );
  assert.deepEqual(
    await violations(policy, CLUSTER_ROLE, {
      ...aggregating(),
      aggregationRule: { clusterRoleSelectors: UNKNOWN.array },
    }),
    [],
  );
});

test("a reviewed aggregated role is exempted by name like any other", async () => {
  assert.deepEqual(
    await violations(policy, CLUSTER_ROLE, aggregating({}), { exemptRoles: ["team-edit"] }),
    [],
  );
});
