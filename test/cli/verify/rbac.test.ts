import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { authorize, buildRbacModel, ruleAllows, type RbacRequest } from "../../../cli/verify/cluster/rbac";
import type { ExportResource } from "../../../cli/verify/network";
import {
  accessEntry,
  association,
  clusterBinding,
  clusterRole,
  G,
  groupSubject,
  role,
  roleBinding,
  unknownValue,
} from "./rbacFixture";

const ask = (resources: ExportResource[], req: Partial<RbacRequest> & { resource: string }) =>
  authorize(buildRbacModel(resources), { groups: ["team"], verb: "get", ...req });
const decide = (resources: ExportResource[], req: Partial<RbacRequest> & { resource: string }) =>
  ask(resources, req).decision;

const team = [groupSubject("team")];

describe("ruleAllows (Kubernetes' RuleAllows)", () => {
  const rule = { apiGroups: ["apps"], resources: ["deployments"], verbs: ["get"] };
  const req = (r: Partial<RbacRequest>): RbacRequest => ({
    groups: [],
    verb: "get",
    apiGroup: "apps",
    resource: "deployments",
    ...r,
  });

  test("verb, API group and resource must each match; the core group is the empty string", () => {
    assert.equal(ruleAllows(rule, req({})), true);
    assert.equal(ruleAllows(rule, req({ verb: "list" })), false);
    assert.equal(ruleAllows(rule, req({ apiGroup: "" })), false);
    assert.equal(ruleAllows(rule, req({ resource: "statefulsets" })), false);
    assert.equal(
      ruleAllows(
        { apiGroups: [""], resources: ["pods"], verbs: ["get"] },
        req({ apiGroup: undefined, resource: "pods" }),
      ),
      true,
    );
  });

  test("a resource does not grant its subresources; `*` grants all; `*/scale` grants every scale", () => {
    assert.equal(ruleAllows(rule, req({ resource: "deployments/scale" })), false);
    assert.equal(ruleAllows({ ...rule, resources: ["*"] }, req({ resource: "deployments/scale" })), true);
    assert.equal(
      ruleAllows({ ...rule, resources: ["*/scale"] }, req({ resource: "statefulsets/scale" })),
      true,
    );
    assert.equal(ruleAllows({ ...rule, resources: ["*/scale"] }, req({ resource: "deployments" })), false);
    assert.equal(
      ruleAllows({ apiGroups: ["*"], resources: ["deployments"], verbs: ["*"] }, req({ verb: "delete" })),
      true,
    );
  });

  test("resourceNames limit the rule to named objects (a request without a name does not match)", () => {
    const named = { ...rule, resourceNames: ["llm"] };
    assert.equal(ruleAllows(named, req({ name: "llm" })), true);
    assert.equal(ruleAllows(named, req({ name: "other" })), false);
    assert.equal(ruleAllows(named, req({})), false);
  });
});

describe("authorize: RBAC bindings", () => {
  const readPods = { apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] };

  test("a Role through its RoleBinding applies in that namespace only, and names the grant", () => {
    const rs = [
      role("inference", "reader", [readPods]),
      roleBinding("inference", "reader", { kind: "Role", name: "reader" }, team),
    ];
    const a = ask(rs, { resource: "pods", namespace: "inference" });
    assert.equal(a.decision, "allow");
    assert.match(a.reason, /RoleBinding inference\/reader -> Role inference\/reader rule #1/);
    assert.equal(decide(rs, { resource: "pods", namespace: "other" }), "deny");
    assert.equal(decide(rs, { resource: "pods" }), "deny", "a cluster-wide list needs a cluster-wide grant");
  });

  test("a ClusterRole through a RoleBinding applies in the binding's namespace only", () => {
    const rs = [
      clusterRole("reader", [readPods]),
      roleBinding("inference", "reader", { kind: "ClusterRole", name: "reader" }, team),
    ];
    assert.equal(decide(rs, { resource: "pods", namespace: "inference" }), "allow");
    assert.equal(decide(rs, { resource: "pods", namespace: "kube-system" }), "deny");
    assert.equal(decide(rs, { verb: "list", resource: "pods" }), "deny");
  });

  test("a ClusterRoleBinding applies in every namespace and cluster-wide", () => {
    const rs = [clusterRole("reader", [readPods]), clusterBinding("reader", "reader", team)];
    assert.equal(decide(rs, { resource: "pods", namespace: "kube-system" }), "allow");
    assert.equal(decide(rs, { verb: "list", resource: "pods" }), "allow");
  });

  test("only Group subjects of the asked groups (or system:authenticated) count", () => {
    const rs = (subjects: any[]) => [
      clusterRole("reader", [readPods]),
      clusterBinding("reader", "reader", subjects),
    ];
    assert.equal(decide(rs([groupSubject("others")]), { resource: "pods" }), "deny");
    assert.equal(decide(rs([{ kind: "User", apiGroup: G, name: "team" }]), { resource: "pods" }), "deny");
    assert.equal(
      decide(rs([{ kind: "ServiceAccount", name: "team", namespace: "x" }]), { resource: "pods" }),
      "deny",
    );
    assert.equal(decide(rs([groupSubject("system:authenticated")]), { resource: "pods" }), "allow");
  });

  test("the rules are a union: a second binding adds what the first lacks", () => {
    const rs = [
      clusterRole("reader", [readPods]),
      clusterRole("logs", [{ apiGroups: [""], resources: ["pods/log"], verbs: ["get"] }]),
      clusterBinding("reader", "reader", team),
      roleBinding("inference", "logs", { kind: "ClusterRole", name: "logs" }, team),
    ];
    assert.equal(decide(rs, { resource: "pods/log", namespace: "inference" }), "allow");
    assert.equal(decide(rs, { resource: "pods/log", namespace: "other" }), "deny");
  });

  test("an aggregated ClusterRole takes the rules of the ClusterRoles its selectors match", () => {
    const rs = [
      clusterRole(
        "agg",
        [],
        {},
        { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { "x/agg": "true" } }] } },
      ),
      clusterRole("part", [readPods], { "x/agg": "true" }),
      clusterRole("secrets", [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }]),
      clusterBinding("agg", "agg", team),
    ];
    const a = ask(rs, { resource: "pods", namespace: "inference" });
    assert.equal(a.decision, "allow");
    assert.equal(decide(rs, { resource: "secrets", namespace: "inference" }), "deny");
    const odd = [
      clusterRole("agg", [], {}, { aggregationRule: { clusterRoleSelectors: [{ matchLabels: 7 }] } }),
      ...rs.slice(1),
    ];
    assert.equal(
      decide(odd, { resource: "secrets", namespace: "inference" }),
      "undecidable",
      "a selector it cannot read",
    );
  });

  test("cluster-admin (not in the export) grants everything; another absent role is undecidable", () => {
    assert.equal(
      decide([clusterBinding("admins", "cluster-admin", team)], {
        verb: "escalate",
        apiGroup: G,
        resource: "clusterroles",
      }),
      "allow",
    );
    const a = ask([clusterBinding("viewers", "view", team)], { resource: "pods" });
    assert.equal(a.decision, "undecidable");
    assert.match(a.reason, /ClusterRole view: its rules are not in the export/);
  });

  test("a value unknown until apply makes an otherwise denied request undecidable, never allowed", () => {
    const rs = [
      clusterRole("reader", [readPods]),
      clusterBinding("reader", "reader", [groupSubject(unknownValue)]),
    ];
    assert.equal(decide(rs, { resource: "pods" }), "undecidable");
  });
});

describe("authorize: EKS access entries and access policies", () => {
  test("AmazonEKSClusterAdminPolicy at cluster scope allows everything to the entry's groups", () => {
    const rs = [accessEntry("admin", ["team"]), association("admin", "AmazonEKSClusterAdminPolicy")];
    const a = ask(rs, { verb: "impersonate", resource: "users" });
    assert.equal(a.decision, "allow");
    assert.match(
      a.reason,
      /EKS access policy AmazonEKSClusterAdminPolicy \(cluster scope\) of access entry access-admin/,
    );
    assert.equal(
      decide(rs.slice(0, 1), { verb: "impersonate", resource: "users" }),
      "deny",
      "no association, no grant",
    );
  });

  test("a namespace-scoped association applies in its namespaces only", () => {
    const rs = [accessEntry("ops", ["team"]), association("ops", "AmazonEKSEditPolicy", ["inference"])];
    assert.equal(decide(rs, { verb: "create", resource: "pods/exec", namespace: "inference" }), "allow");
    assert.equal(decide(rs, { verb: "create", resource: "pods/exec", namespace: "kube-system" }), "deny");
    assert.equal(decide(rs, { verb: "list", resource: "secrets" }), "deny");
  });

  test("AmazonEKSViewPolicy reads pods but not Secrets; AmazonEKSAdminViewPolicy reads Secrets too", () => {
    const view = [accessEntry("v", ["team"]), association("v", "AmazonEKSViewPolicy")];
    assert.equal(decide(view, { resource: "pods", namespace: "x" }), "allow");
    assert.equal(decide(view, { resource: "secrets", namespace: "x" }), "deny");
    const adminView = [accessEntry("v", ["team"]), association("v", "AmazonEKSAdminViewPolicy")];
    assert.equal(decide(adminView, { resource: "secrets", namespace: "x" }), "allow");
  });

  test("an association on another principal grants nothing; an unmodelled policy is undecidable", () => {
    const other = [accessEntry("a", ["team"]), association("b", "AmazonEKSClusterAdminPolicy")];
    assert.equal(decide(other, { resource: "secrets", namespace: "x" }), "deny");
    const odd = [accessEntry("a", ["team"]), association("a", "AmazonEKSFuturePolicy")];
    assert.equal(decide(odd, { resource: "secrets", namespace: "x" }), "undecidable");
  });

  test("groups an entry maps beside the asked one are the person's too; system:masters is everything", () => {
    const rs = [
      accessEntry("a", ["team", "ops"]),
      clusterRole("secrets", [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }]),
      clusterBinding("ops", "secrets", [groupSubject("ops")]),
    ];
    const a = ask(rs, { resource: "secrets", namespace: "x" });
    assert.equal(a.decision, "allow");
    assert.deepEqual(a.notes, ["access entry access-a also maps group ops"]);
    const masters = ask([accessEntry("a", ["team", "system:masters"])], {
      verb: "escalate",
      resource: "clusterroles",
      apiGroup: G,
    });
    assert.equal(masters.decision, "allow");
    assert.match(masters.reason, /system:masters \(access entry access-a; EKS refuses system: groups/);
  });
});
