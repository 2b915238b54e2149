import assert from "node:assert/strict";
import { test } from "node:test";
import { iamAccessKeyDisallowUserKeys as policy } from "../../../policy-pack/policies/iam/iamAccessKeyDisallowUserKeys";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

test("any IAM access key is flagged", async () => {
  assert.deepEqual(await violations(policy, "aws:iam/accessKey:AccessKey", { user: "ci" }), [
    "IAM access keys are long-lived credentials: use a role (IRSA, EKS Pod Identity, IAM Identity Center) instead.",
  ]);
});

test("other IAM resources (a user without keys) pass", async () => {
  assert.deepEqual(await violations(policy, "aws:iam/user:User", { name: "ci" }), []);
});

test("an access key for an unknown user is still flagged: the policy reads nothing", async () => {
  assert.deepEqual(
    await validate(policy, { type: "aws:iam/accessKey:AccessKey", props: { user: UNKNOWN.string } }),
    {
      violations: [
        "IAM access keys are long-lived credentials: use a role (IRSA, EKS Pod Identity, IAM Identity Center) instead.",
      ],
    },
  );
});

test('an access key for an empty user name ("") is flagged', async () => {
  assert.deepEqual(await validate(policy, { type: "aws:iam/accessKey:AccessKey", props: { user: "" } }), {
    violations: [
      "IAM access keys are long-lived credentials: use a role (IRSA, EKS Pod Identity, IAM Identity Center) instead.",
    ],
  });
});
