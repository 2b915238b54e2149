import assert from "node:assert/strict";
import { test } from "node:test";
import { iamUserLoginProfileDisallowConsolePassword as policy } from "../../../policy-pack/policies/iam/iamUserLoginProfileDisallowConsolePassword";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:iam/userLoginProfile:UserLoginProfile";
const MSG =
  "An IAM user console password is a long-lived credential outside the identity provider: remove the login profile and federate the person (a role in rampart:access.roles).";

test("every login profile is flagged, with or without a PGP key or reset requirement", async () => {
  assert.deepEqual(await violations(policy, TYPE, { user: "alice" }), [MSG]);
  assert.deepEqual(
    await violations(policy, TYPE, { user: "alice", pgpKey: "keybase:alice", passwordResetRequired: true }),
    [MSG],
  );
});

test("other IAM types are not judged (the secure twin is a federated role, not a user)", async () => {
  assert.deepEqual(await violations(policy, "aws:iam/user:User", { name: "alice" }), []);
  assert.deepEqual(await violations(policy, "aws:iam/role:Role", { name: "alice" }), []);
});

test("unknown or empty properties do not change the verdict: the resource itself is the flaw", async () => {
  assert.deepEqual(await validate(policy, { type: TYPE, props: { user: UNKNOWN.string } }), {
    violations: [MSG],
  });
  assert.deepEqual(await violations(policy, TYPE, { user: "" }), [MSG]);
  assert.deepEqual(await violations(policy, TYPE, {}), [MSG]);
});
