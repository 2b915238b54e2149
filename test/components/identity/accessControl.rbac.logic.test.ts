import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import {
  RBAC_GRANTS,
  RBAC_LABELS,
  RBAC_SUMMARY,
  rbacObjectsOf,
  type PolicyRule,
  type RbacManifests,
} from "../../../components/identity/accessControl.rbac.logic";
import { CAPABILITIES, type Capability } from "../../../components/identity/roles";
import { builtinRoles } from "./roleFixture";

const CONTEXTS = [
  { namespaces: ["inference"], allowExec: false },
  { namespaces: ["inference", "chat"], allowExec: true },
];

/** Every `group/resource` a grant's rules name with a verb, e.g. `apps/deployments:patch`. */
function grants(rules: readonly PolicyRule[]): Set<string> {
  const out = new Set<string>();
  for (const r of rules)
    for (const g of r.apiGroups)
      for (const res of r.resources) for (const v of r.verbs) out.add(`${g ? `${g}/` : ""}${res}:${v}`);
  return out;
}
const all = (c: Capability, ctx = CONTEXTS[0]!) => {
  const g = RBAC_GRANTS[c](ctx);
  return { cluster: grants(g.clusterRules), namespaced: grants(g.namespacedRules) };
};

describe("RBAC_GRANTS: what each capability means in Kubernetes", () => {
  test("no capability ever grants a wildcard, Secrets, escalate, bind or impersonate, in any context", () => {
    for (const c of CAPABILITIES)
      for (const ctx of CONTEXTS) {
        const g = RBAC_GRANTS[c](ctx);
        for (const r of [...g.clusterRules, ...g.namespacedRules]) {
          for (const v of [...r.apiGroups, ...r.resources, ...r.verbs])
            assert.ok(!v.includes("*"), `${c}: ${v}`);
          assert.ok(!r.resources.some((x) => x === "secrets" || x.startsWith("secrets/")), c);
          assert.ok(!r.verbs.some((v) => ["escalate", "bind", "impersonate"].includes(v)), c);
        }
      }
  });

  test("IAM-only and EKS-only capabilities grant no RBAC (platform.admin is the access entry's policy)", () => {
    for (const c of ["cluster.describe", "models.publish", "platform.admin"] as const) {
      const g = all(c);
      assert.equal(g.cluster.size + g.namespaced.size, 0, c);
    }
  });

  test("inference.read reads the workloads of its namespaces only: no logs, no ConfigMaps, no writes", () => {
    const g = all("inference.read");
    assert.equal(g.cluster.size, 0);
    for (const want of [
      "pods:get",
      "services:list",
      "endpoints:watch",
      "discovery.k8s.io/endpointslices:list",
      "apps/deployments:get",
      "apps/replicasets:list",
      "apps/statefulsets:watch",
      "autoscaling/horizontalpodautoscalers:get",
      "policy/poddisruptionbudgets:get",
      "events:list",
    ])
      assert.ok(g.namespaced.has(want), want);
    assert.ok(![...g.namespaced].some((x) => x.startsWith("pods/log") || x.startsWith("configmaps")));
    assert.ok([...g.namespaced].every((x) => /:(get|list|watch)$/.test(x)));
  });

  test("models.deploy rolls out, scales and runs jobs; exec, attach and port-forward only with allowExec", () => {
    const off = all("models.deploy", { namespaces: ["inference"], allowExec: false }).namespaced;
    const on = all("models.deploy", { namespaces: ["inference"], allowExec: true }).namespaced;
    for (const want of [
      "apps/deployments:patch",
      "apps/statefulsets:update",
      "apps/deployments/scale:update",
      "apps/statefulsets/scale:patch",
      "batch/jobs:create",
      "batch/jobs:delete",
      "pods/log:get",
    ])
      assert.ok(off.has(want), want);
    for (const never of ["apps/deployments:create", "apps/deployments:delete", "pods:create", "pods:delete"])
      assert.ok(!on.has(never), never);
    const exec = (s: Set<string>) => [...s].filter((x) => /^pods\/(exec|attach|portforward):/.test(x));
    assert.deepEqual(exec(off), []);
    assert.deepEqual(exec(on).sort(), [
      "pods/attach:create",
      "pods/attach:get",
      "pods/exec:create",
      "pods/exec:get",
      "pods/portforward:create",
      "pods/portforward:get",
    ]);
  });

  test("prompts.write changes ConfigMaps but never deletes them", () => {
    assert.deepEqual(
      [...all("prompts.write").namespaced].sort(),
      ["create", "get", "list", "patch", "update", "watch"].map((v) => `configmaps:${v}`),
    );
  });

  test("audit.read reads cluster-wide, with pods/log and events, read verbs only", () => {
    const g = all("audit.read");
    assert.equal(g.namespaced.size, 0);
    for (const want of [
      "pods/log:get",
      "events:list",
      "events.k8s.io/events:watch",
      "rbac.authorization.k8s.io/clusterrolebindings:list",
      "security.istio.io/authorizationpolicies:get",
      "namespaces:list",
    ])
      assert.ok(g.cluster.has(want), want);
    assert.ok([...g.cluster].every((x) => /:(get|list|watch)$/.test(x)));
  });

  test("every capability has a README line", () => {
    assert.deepEqual(Object.keys(RBAC_SUMMARY).sort(), [...CAPABILITIES].sort());
  });
});

const names = (m: RbacManifests) => [
  ...m.clusterRoles.map((o) => `ClusterRole ${o.metadata.name}`),
  ...m.clusterRoleBindings.map((o) => `ClusterRoleBinding ${o.metadata.name}`),
  ...m.roles.map((o) => `Role ${o.metadata.namespace}/${o.metadata.name}`),
  ...m.roleBindings.map((o) => `RoleBinding ${o.metadata.namespace}/${o.metadata.name}`),
];

describe("rbacObjectsOf", () => {
  test("the built-in roles: a Role per namespace for namespaced capabilities, a ClusterRole for audit", () => {
    assert.deepEqual(names(rbacObjectsOf(builtinRoles(["inference", "chat"]), false)), [
      "ClusterRole rampart:audit-view:audit.read",
      "ClusterRoleBinding rampart:audit-view:audit.read",
      "Role chat/rampart:inference-only:inference.read",
      "Role inference/rampart:inference-only:inference.read",
      "Role chat/rampart:model-management:inference.read",
      "Role inference/rampart:model-management:inference.read",
      "Role chat/rampart:model-management:models.deploy",
      "Role inference/rampart:model-management:models.deploy",
      "RoleBinding chat/rampart:inference-only:inference.read",
      "RoleBinding inference/rampart:inference-only:inference.read",
      "RoleBinding chat/rampart:model-management:inference.read",
      "RoleBinding inference/rampart:model-management:inference.read",
      "RoleBinding chat/rampart:model-management:models.deploy",
      "RoleBinding inference/rampart:model-management:models.deploy",
    ]);
  });

  test("labels name the manager, the role and the capability", () => {
    const m = rbacObjectsOf(builtinRoles(), false);
    assert.deepEqual(m.roles[0]!.metadata.labels, {
      [RBAC_LABELS.managedBy]: "rampart",
      [RBAC_LABELS.accessRole]: "inference-only",
      [RBAC_LABELS.capability]: "inference.read",
    });
  });

  const role = fc.record({
    name: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
    capabilities: fc.subarray([...CAPABILITIES]),
    namespaces: fc.array(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), { maxLength: 3 }),
  });

  test("property: every binding's only subject is its role's group, and names an object that exists", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(role, { selector: (r) => r.name, maxLength: 4 }),
        fc.boolean(),
        (rs, exec) => {
          const roles = rs.map((r) => ({
            ...r,
            groups: [],
            mfa: true,
            maxSessionSeconds: 3600,
            breakGlass: false,
          }));
          const m = rbacObjectsOf(roles, exec);
          for (const b of [...m.roleBindings, ...m.clusterRoleBindings]) {
            const owner = b.metadata.labels[RBAC_LABELS.accessRole];
            assert.deepEqual(b.subjects, [
              { kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: `rampart:${owner}` },
            ]);
            const target =
              b.roleRef.kind === "Role"
                ? m.roles.find(
                    (r) =>
                      r.metadata.namespace === b.metadata.namespace && r.metadata.name === b.roleRef.name,
                  )
                : m.clusterRoles.find((r) => r.metadata.name === b.roleRef.name);
            assert.ok(target, `${b.kind} ${b.metadata.name} -> ${b.roleRef.name}`);
          }
          // Namespaced rules never leave the role's namespaces.
          for (const r of m.roles) {
            const owner = roles.find((x) => x.name === r.metadata.labels[RBAC_LABELS.accessRole])!;
            assert.ok(owner.namespaces.includes(r.metadata.namespace!));
          }
          // No object is emitted twice.
          const ids = names(m);
          assert.equal(new Set(ids).size, ids.length);
        },
      ),
    );
  });
});
