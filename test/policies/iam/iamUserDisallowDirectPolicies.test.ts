import assert from "node:assert/strict";
import { test } from "node:test";
import { iamUserDisallowDirectPolicies as policy } from "../../../policy-pack/policies/iam/iamUserDisallowDirectPolicies";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const PA = "aws:iam/policyAttachment:PolicyAttachment";
const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";

test("an inline user policy and a user policy attachment are flagged", async () => {
  assert.deepEqual(await violations(policy, "aws:iam/userPolicy:UserPolicy", { user: "ci", policy: "{}" }), [
    "Inline policy on an IAM user: grant it through a role (or a group) instead.",
  ]);
  assert.deepEqual(
    await violations(policy, "aws:iam/userPolicyAttachment:UserPolicyAttachment", {
      user: "ci",
      policyArn: ADMIN,
    }),
    ["Managed policy attached to an IAM user: attach it to a role (or a group) instead."],
  );
});

test("a PolicyAttachment is flagged when it lists users, and passes with roles and groups only", async () => {
  assert.deepEqual(await violations(policy, PA, { policyArn: ADMIN, users: ["ci", "alice"], roles: ["r"] }), [
    "PolicyAttachment attaches the policy to IAM users (ci, alice): attach it to roles (or groups) instead.",
  ]);
  assert.deepEqual(await violations(policy, PA, { policyArn: ADMIN, roles: ["r"], groups: ["g"] }), []);
  assert.deepEqual(await violations(policy, PA, { policyArn: ADMIN, users: [] }), []);
});

test("an unknown users list is an advisory note during preview (the SDK's), not a pass", async () => {
  assert.deepEqual(await validate(policy, { type: PA, props: { policyArn: ADMIN, users: UNKNOWN.array } }), {
    violations: [],
    unknownRead: "Array value at .users can't be known during preview",
  });
});

test('empty strings: a users list of "" names no user', async () => {
  assert.deepEqual(await violations(policy, PA, { policyArn: ADMIN, users: [""] }), []);
  assert.deepEqual(await violations(policy, PA, { policyArn: ADMIN, users: "" }), []);
});
