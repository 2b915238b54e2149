import assert from "node:assert/strict";
import { test } from "node:test";
import { eksAccessPolicyAssociationRestrictClusterAdmin as policy } from "../../../policy-pack/policies/eks/eksAccessPolicyAssociationRestrictClusterAdmin";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const ENTRY = "aws:eks/accessEntry:AccessEntry";
const ASSOC = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";
const ACCOUNT = "111122223333";
const roleArn = (n: string) => `arn:aws:iam::${ACCOUNT}:role/rampart-prod-${n}`;
const policyArn = (n: string) => `arn:aws:eks::aws:cluster-access-policy/${n}`;
const entry = (name: string, role?: string, extra: Record<string, unknown> = {}) =>
  res(ENTRY, `${name}-access`, {
    clusterName: "rampart-prod",
    principalArn: roleArn(name),
    type: "STANDARD",
    ...(role !== undefined ? { tags: { "rampart:access-role": role } } : {}),
    ...extra,
  });
const assoc = (
  name: string,
  policy: string,
  scope: unknown = { type: "cluster" },
  deps: any[] = [],
  principal = roleArn(name),
) =>
  res(
    ASSOC,
    `${name}-${policy}`,
    {
      clusterName: "rampart-prod",
      principalArn: principal,
      policyArn: policyArn(policy),
      accessScope: scope,
    },
    deps,
  );
const msg = (policyName: string, who: string) =>
  `Access policy association gives ${policyName} at cluster scope to ${who}: only platform-admin, break-glass, deployer ` +
  "(or a principal in adminPrincipalArns) may hold cluster-wide admin; scope it to the role's namespaces or grant through RBAC.";

test("cluster-admin for platform-admin, break-glass and the deployer passes (matched by principal ARN or dependency)", async () => {
  const admin = entry("platform-admin", "platform-admin");
  const glass = entry("break-glass", "break-glass");
  const deployer = entry("deployer", "deployer");
  assert.deepEqual(
    await validateStack(policy, [
      admin,
      glass,
      deployer,
      assoc("platform-admin", "AmazonEKSClusterAdminPolicy"),
      assoc("break-glass", "AmazonEKSClusterAdminPolicy"),
      // The principal ARN is the entry's output: matched through the dependency.
      assoc(
        "deployer",
        "AmazonEKSClusterAdminPolicy",
        { type: "cluster" },
        [deployer],
        "deployer-principal-output",
      ),
    ]),
    [],
  );
});

test("cluster-admin (or Admin, AdminView) at cluster scope for another role's entry is flagged", async () => {
  const audit = entry("audit-view", "audit-view");
  for (const p of ["AmazonEKSClusterAdminPolicy", "AmazonEKSAdminPolicy", "AmazonEKSAdminViewPolicy"]) {
    const a = assoc("audit-view", p);
    assert.deepEqual(await validateStack(policy, [audit, a]), [
      { urn: a.urn, message: msg(p, "the audit-view role's access entry") },
    ]);
  }
});

test("an untagged entry, or no entry in the stack, is flagged unless the principal is a configured admin", async () => {
  const ci = entry("ci");
  const a = assoc("ci", "AmazonEKSClusterAdminPolicy");
  assert.deepEqual(await validateStack(policy, [ci, a]), [
    {
      urn: a.urn,
      message: msg("AmazonEKSClusterAdminPolicy", "an access entry without a rampart:access-role tag"),
    },
  ]);
  assert.deepEqual(await validateStack(policy, [a]), [
    {
      urn: a.urn,
      message: msg("AmazonEKSClusterAdminPolicy", `${roleArn("ci")} (no access entry for it in this stack)`),
    },
  ]);
  assert.deepEqual(await validateStack(policy, [ci, a], { adminPrincipalArns: [roleArn("ci")] }), []);
});

test("namespace scope, view policies and other entries' tags do not trigger it", async () => {
  const mm = entry("model-management", "model-management");
  assert.deepEqual(
    await validateStack(policy, [
      mm,
      assoc("model-management", "AmazonEKSAdminPolicy", { type: "namespace", namespaces: ["inference"] }),
      assoc("model-management", "AmazonEKSViewPolicy"),
    ]),
    [],
  );
});

test("unknown scope, policy, principal or tags are skipped (this association only), not guessed", async () => {
  const audit = entry("audit-view", "audit-view");
  const bad = assoc("audit-view", "AmazonEKSClusterAdminPolicy");
  const unknownScope = res(ASSOC, "u1", {
    principalArn: roleArn("audit-view"),
    policyArn: policyArn("AmazonEKSClusterAdminPolicy"),
    accessScope: UNKNOWN.object,
  });
  const unknownPolicy = res(ASSOC, "u2", {
    principalArn: roleArn("audit-view"),
    policyArn: UNKNOWN.string,
    accessScope: { type: "cluster" },
  });
  const out = await validateStack(policy, [audit, unknownScope, unknownPolicy, bad]);
  assert.deepEqual(
    out.map((v) => v.urn),
    [bad.urn],
  );
  const untaggedUnknown = entry("x", undefined, { tags: UNKNOWN.object });
  assert.deepEqual(
    await validateStack(policy, [untaggedUnknown, assoc("x", "AmazonEKSClusterAdminPolicy")]),
    [],
  );
});

test('empty strings: a "" scope type or policy ARN is not cluster-admin; a "" role tag is not an admin role', async () => {
  const e = entry("x", "");
  assert.deepEqual(
    await validateStack(policy, [e, assoc("x", "AmazonEKSClusterAdminPolicy", { type: "" })]),
    [],
  );
  const a = assoc("x", "AmazonEKSClusterAdminPolicy");
  assert.deepEqual(await validateStack(policy, [e, a]), [
    {
      urn: a.urn,
      message: msg("AmazonEKSClusterAdminPolicy", "an access entry without a rampart:access-role tag"),
    },
  ]);
  assert.deepEqual(
    await validateStack(policy, [
      res(ASSOC, "empty", { principalArn: "", policyArn: "", accessScope: { type: "cluster" } }),
    ]),
    [],
  );
});
