import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { verifyRbac } from "../../../cli/verify/cluster/rbac";
import { accessRolesOf, rbacCases } from "../../../cli/verify/cluster/rbacCases";
import { parseRbacCases } from "../../../cli/verify/cluster/rbacParse";
import type { ExportResource } from "../../../cli/verify/network";
import { builtinRoles } from "../../components/identity/roleFixture";
import {
  accessEntry,
  accessExport,
  association,
  clusterBinding,
  clusterRole,
  groupSubject,
} from "./rbacFixture";

const NAMESPACES = ["chat", "inference"];
const design = (allowExec = false, stack = "prod") =>
  accessExport(builtinRoles(NAMESPACES), allowExec, stack);
const failing = (resources: ExportResource[]) =>
  verifyRbac(resources, rbacCases(resources))
    .filter((v) => !v.pass)
    .map((v) => v.id);

describe("rbacCases on the role map's design (prod)", () => {
  const resources = design();
  const cases = rbacCases(resources);
  const ids = new Set(cases.map((c) => c.id));

  test("the roles are found with their capabilities and namespaces; the deployer has none and no cases", () => {
    assert.deepEqual(
      accessRolesOf(resources).map((r) => `${r.name} ${[...r.namespaces].join(",")}`),
      [
        "audit-view ",
        "break-glass ",
        "inference-only chat,inference",
        "model-management chat,inference",
        "platform-admin ",
      ],
    );
    assert.ok(![...ids].some((id) => id.startsWith("rbac-deployer")));
  });

  test("every case passes, ids are unique and every allow cites its source", () => {
    assert.deepEqual(failing(resources), []);
    assert.equal(ids.size, cases.length);
    for (const c of cases.filter((x) => x.expect === "allow")) assert.ok(c.cite, c.id);
  });

  test("the issue's cases are there, with the expectation it states", () => {
    const expect = (id: string, e: "allow" | "deny") =>
      assert.equal(cases.find((c) => c.id === id)?.expect, e, id);
    for (const ns of NAMESPACES) {
      expect(`rbac-model-management-get-secrets-${ns}`, "deny");
      expect(`rbac-model-management-create-pods-exec-${ns}`, "deny");
      expect(`rbac-model-management-get-pods-exec-${ns}`, "deny");
      expect(`rbac-model-management-patch-deployments-${ns}`, "allow");
      expect(`rbac-model-management-scale-deployments-${ns}`, "allow");
      expect(`rbac-model-management-create-jobs-${ns}`, "allow");
      for (const verb of ["create", "update", "patch", "delete"])
        for (const kind of ["pods", "configmaps", "deployments", "jobs"])
          expect(`rbac-inference-only-${verb}-${kind}-${ns}`, "deny");
      expect(`rbac-inference-only-get-pods-log-${ns}`, "deny");
      expect(`rbac-inference-only-get-pods-${ns}`, "allow");
      expect(`rbac-audit-view-get-pods-log-${ns}`, "allow");
      expect(`rbac-audit-view-get-secrets-${ns}`, "deny");
    }
    expect("rbac-audit-view-get-secrets-kube-system", "deny");
    expect("rbac-audit-view-list-secrets", "deny");
    for (const r of ["inference-only", "model-management", "audit-view"])
      for (const what of [
        "escalate",
        "bind",
        "impersonate-users",
        "impersonate-groups",
        "impersonate-serviceaccounts",
      ])
        expect(`rbac-${r}-${what}`, "deny");
    expect("rbac-platform-admin-escalate", "allow");
    expect("rbac-break-glass-escalate", "allow");
  });
});

describe("rbacCases catch what the issue forbids", () => {
  test("exec allowed in prod: model-management's no-exec cases fail", () => {
    const f = failing(design(true));
    assert.ok(f.includes("rbac-model-management-create-pods-exec-inference"));
    assert.ok(f.includes("rbac-model-management-get-pods-portforward-chat"));
    assert.ok(
      f.every((id) => id.startsWith("rbac-model-management-") && /pods-(exec|attach|portforward)/.test(id)),
      f.join(),
    );
  });

  test("dev: no exec cases unless asked (allowExec may be on there)", () => {
    const dev = design(true, "dev");
    assert.ok(!rbacCases(dev).some((c) => c.id.includes("pods-exec")));
    const asked = rbacCases(dev, { allowExec: false });
    assert.ok(
      verifyRbac(dev, asked).some(
        (v) => v.id === "rbac-model-management-create-pods-exec-inference" && !v.pass,
      ),
    );
  });

  test("a binding that lets model-management read Secrets fails its Secret cases", () => {
    const f = failing([
      ...design(),
      clusterRole("secret-reader", [
        { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"] },
      ]),
      clusterBinding("oops", "secret-reader", [groupSubject("rampart:model-management")]),
    ]);
    assert.deepEqual(f.sort(), [
      "rbac-model-management-get-secrets-chat",
      "rbac-model-management-get-secrets-inference",
      "rbac-model-management-list-secrets",
      "rbac-model-management-watch-secrets-chat",
      "rbac-model-management-watch-secrets-inference",
    ]);
  });

  test("an EKS edit policy on inference-only's entry breaks 'inference-only cannot change anything'", () => {
    const f = failing([...design(), association("inference-only", "AmazonEKSEditPolicy", ["inference"])]);
    assert.ok(f.includes("rbac-inference-only-delete-deployments-inference"));
    assert.ok(f.includes("rbac-inference-only-create-pods-exec-inference"));
    assert.ok(!f.some((id) => id.endsWith("-chat")), "the association is scoped to inference");
  });

  test("an access entry mapping system:masters makes its role cluster-admin: every deny case fails", () => {
    const resources = design().map((r) =>
      r.urn.endsWith("::access-audit-view")
        ? accessEntry("audit-view", ["rampart:audit-view", "system:masters"], "audit-view")
        : r,
    );
    const verdicts = verifyRbac(resources, rbacCases(resources)).filter((v) =>
      v.id.startsWith("rbac-audit-view-"),
    );
    for (const v of verdicts.filter((x) => x.expect === "deny")) {
      assert.equal(v.pass, false, v.id);
      assert.match(v.reason, /system:masters/);
    }
  });

  test("an administrative role without its cluster-admin association fails its allow cases", () => {
    const resources = design().filter(
      (r) => !r.urn.endsWith("::access-platform-admin-AmazonEKSClusterAdminPolicy"),
    );
    assert.deepEqual(failing(resources), [
      "rbac-platform-admin-escalate",
      "rbac-platform-admin-get-secrets-kube-system",
    ]);
  });
});

describe("parseRbacCases", () => {
  test("the derived cases round-trip through their JSON form", () => {
    const cases = rbacCases(design());
    assert.deepEqual(parseRbacCases(JSON.parse(JSON.stringify({ rbac: cases }))), cases);
  });

  test("one clear error naming the field, the value and what was expected", () => {
    const ok = {
      id: "a",
      groups: ["rampart:audit-view"],
      verb: "get",
      resource: "pods/log",
      namespace: "x",
      expect: "deny",
    };
    assert.throws(
      () => parseRbacCases([{ ...ok, groups: [] }]),
      /rbac\[0\]\.groups: \[\] is not valid; expected a non-empty array/,
    );
    assert.throws(
      () => parseRbacCases([{ ...ok, resource: "Pods" }]),
      /rbac\[0\]\.resource: "Pods" is not valid/,
    );
    assert.throws(
      () => parseRbacCases([{ ...ok, expect: "allow" }]),
      /rbac\[0\]\.cite: missing is not valid/,
    );
    assert.throws(
      () => parseRbacCases([ok, ok]),
      /rbac\[1\]\.id: "a" is not valid; expected an id no other case uses/,
    );
    assert.throws(() => parseRbacCases({ cases: [] }), /rbac: missing is not valid/);
  });
});
