import assert from "node:assert/strict";
import { test } from "node:test";
import { iamAccessKeyDisallowUserKeys as policy } from "../../../policy-pack/policies/iam/iamAccessKeyDisallowUserKeys";
import { violations } from "../helpers/policyHarness";

test("any IAM access key is flagged", async () => {
  assert.deepEqual(await violations(policy, "aws:iam/accessKey:AccessKey", { user: "ci" }), [
    "IAM access keys are long-lived credentials: use a role (IRSA, EKS Pod Identity, IAM Identity Center) instead.",
  ]);
});

test("other IAM resources (a user without keys) pass", async () => {
  assert.deepEqual(await violations(policy, "aws:iam/user:User", { name: "ci" }), []);
});
