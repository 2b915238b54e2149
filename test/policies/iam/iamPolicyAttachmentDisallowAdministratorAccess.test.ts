import assert from "node:assert/strict";
import { test } from "node:test";
import { iamPolicyAttachmentDisallowAdministratorAccess as policy } from "../../../policy-pack/policies/iam/iamPolicyAttachmentDisallowAdministratorAccess";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const ROLE = "aws:iam/role:Role";
const ROLE_ATT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
const BOUNDARY = "arn:aws:iam::123456789012:policy/boundary";
const READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
const trust = JSON.stringify({ Version: "2012-10-17", Statement: [] });
const role = (name: string, props: Record<string, any> = {}) =>
  res(ROLE, name, { name, assumeRolePolicy: trust, ...props });
const UNBOUNDED =
  "without a permissions boundary: set the role's permissionsBoundary, or attach a scoped policy.";

test("AdministratorAccess on a bounded role of the stack passes (attachment by name or dependency, or managedPolicyArns)", async () => {
  const admin = role("platform-admin", { permissionsBoundary: BOUNDARY });
  const byName = res(ROLE_ATT, "by-name", { role: "platform-admin", policyArn: ADMIN });
  const byDep = res(ROLE_ATT, "by-dep", { role: UNKNOWN.string, policyArn: ADMIN }, [admin]);
  const managed = role("break-glass", { permissionsBoundary: BOUNDARY, managedPolicyArns: [ADMIN] });
  assert.deepEqual(await validateStack(policy, [admin, byName, byDep, managed]), []);
});

test("other managed policies pass anywhere", async () => {
  const r = role("reader");
  const att = res(ROLE_ATT, "ro", { role: "reader", policyArn: READ_ONLY });
  const user = res("aws:iam/userPolicyAttachment:UserPolicyAttachment", "u", {
    user: "x",
    policyArn: READ_ONLY,
  });
  assert.deepEqual(await validateStack(policy, [r, att, user]), []);
});

test("AdministratorAccess on a role without a boundary is flagged, in every form and partition", async () => {
  const r = role("ops", { permissionsBoundary: "" });
  const att = res(ROLE_ATT, "att", {
    role: "ops",
    policyArn: "arn:aws-us-gov:iam::aws:policy/AdministratorAccess",
  });
  const managed = role("ci", { managedPolicyArns: [READ_ONLY, ADMIN] });
  const legacy = res("aws:iam/policyAttachment:PolicyAttachment", "legacy", {
    roles: ["ops"],
    policyArn: ADMIN,
  });
  assert.deepEqual(await validateStack(policy, [r, att, managed, legacy]), [
    { urn: managed.urn, message: `Role "ci" lists AdministratorAccess in managedPolicyArns ${UNBOUNDED}` },
    { urn: att.urn, message: `Attaches AdministratorAccess to role "ops" ${UNBOUNDED}` },
    { urn: legacy.urn, message: `Attaches AdministratorAccess to role "ops" ${UNBOUNDED}` },
  ]);
});

test("AdministratorAccess on users and groups is flagged, bounded or not", async () => {
  const user = res("aws:iam/userPolicyAttachment:UserPolicyAttachment", "u", {
    user: "alice",
    policyArn: ADMIN,
  });
  const group = res("aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "g", {
    group: "admins",
    policyArn: ADMIN,
  });
  const legacy = res("aws:iam/policyAttachment:PolicyAttachment", "p", {
    users: ["alice", ""],
    groups: ["admins"],
    policyArn: ADMIN,
  });
  assert.deepEqual(await validateStack(policy, [user, group, legacy]), [
    {
      urn: user.urn,
      message:
        "Attaches AdministratorAccess to an IAM user: give the people a role (with a permissions boundary) instead.",
    },
    {
      urn: group.urn,
      message:
        "Attaches AdministratorAccess to an IAM group: give the people a role (with a permissions boundary) instead.",
    },
    {
      urn: legacy.urn,
      message:
        "Attaches AdministratorAccess to IAM users or groups (alice, admins): give the people a role (with a permissions boundary) instead.",
    },
  ]);
});

test("a role outside the stack cannot show its boundary: flagged", async () => {
  const att = res(ROLE_ATT, "att", { role: "someone-elses", policyArn: ADMIN });
  assert.deepEqual(
    (await validateStack(policy, [role("mine", { permissionsBoundary: BOUNDARY }), att])).map((v) => v.urn),
    [att.urn],
  );
});

test("unknown values are skipped, not guessed: a policyArn, a role, a boundary or managedPolicyArns", async () => {
  const r = role("ops", { permissionsBoundary: UNKNOWN.string, managedPolicyArns: [ADMIN] });
  const unknownArn = res(ROLE_ATT, "a1", { role: "ops", policyArn: UNKNOWN.string });
  const unknownRole = res(ROLE_ATT, "a2", { role: UNKNOWN.string, policyArn: ADMIN });
  const unknownList = role("ci", { managedPolicyArns: UNKNOWN.array });
  assert.deepEqual(await validateStack(policy, [r, unknownArn, unknownRole, unknownList]), []);
});
