import assert from "node:assert/strict";
import { test } from "node:test";
import { kmsKeyRequireDeletionWindow as policy } from "../../../policy-pack/policies/kms/kmsKeyRequireDeletionWindow";
import { violations } from "../helpers/policyHarness";

const KEY = "aws:kms/key:Key";

test("30 days, and unset (AWS's default of 30), pass", async () => {
  assert.deepEqual(await violations(policy, KEY, { deletionWindowInDays: 30 }), []);
  assert.deepEqual(await violations(policy, KEY, {}), []);
});

test("a 7-day window is flagged against the default minimum of 30", async () => {
  assert.deepEqual(await violations(policy, KEY, { deletionWindowInDays: 7 }), [
    "KMS key deletion window is 7 days: set deletionWindowInDays to at least 30.",
  ]);
});

test("the minimum is configurable", async () => {
  assert.deepEqual(await violations(policy, KEY, { deletionWindowInDays: 10 }, { minimumDays: 7 }), []);
  assert.deepEqual(await violations(policy, KEY, { deletionWindowInDays: 10 }, { minimumDays: 14 }), [
    "KMS key deletion window is 10 days: set deletionWindowInDays to at least 14.",
  ]);
});
