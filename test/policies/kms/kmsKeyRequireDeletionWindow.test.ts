import assert from "node:assert/strict";
import { test } from "node:test";
import { kmsKeyRequireDeletionWindow as policy } from "../../../policy-pack/policies/kms/kmsKeyRequireDeletionWindow";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

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

test("an unknown deletion window is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, { type: "aws:kms/key:Key", props: { deletionWindowInDays: UNKNOWN.number } }),
    { violations: [], unknownRead: "number value at .deletionWindowInDays can't be known during preview" },
  );
});

test('an empty deletion window ("") is not a number and is not judged', async () => {
  assert.deepEqual(await validate(policy, { type: "aws:kms/key:Key", props: { deletionWindowInDays: "" } }), {
    violations: [],
  });
});

test("imported and replica keys have the same window and are judged", async () => {
  for (const type of [
    "aws:kms/externalKey:ExternalKey",
    "aws:kms/replicaKey:ReplicaKey",
    "aws:kms/replicaExternalKey:ReplicaExternalKey",
  ])
    assert.deepEqual(await violations(policy, type, { deletionWindowInDays: 7 }), [
      "KMS key deletion window is 7 days: set deletionWindowInDays to at least 30.",
    ]);
});
