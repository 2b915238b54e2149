import assert from "node:assert/strict";
import { test } from "node:test";
import { iamRoleLimitSessionDuration as policy } from "../../../policy-pack/policies/iam/iamRoleLimitSessionDuration";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const ROLE = "aws:iam/role:Role";

test("one hour, and unset (AWS's default one hour), pass", async () => {
  assert.deepEqual(await violations(policy, ROLE, { maxSessionDuration: 3600 }), []);
  assert.deepEqual(await violations(policy, ROLE, {}), []);
});

test("twelve hours is flagged", async () => {
  assert.deepEqual(await violations(policy, ROLE, { maxSessionDuration: 43200 }), [
    "Role maxSessionDuration is 43200 seconds: set it to at most 3600.",
  ]);
});

test("the maximum is configurable", async () => {
  assert.deepEqual(await violations(policy, ROLE, { maxSessionDuration: 3600 }, { maximumSeconds: 1800 }), [
    "Role maxSessionDuration is 3600 seconds: set it to at most 1800.",
  ]);
});

test("an unknown maxSessionDuration is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, { type: "aws:iam/role:Role", props: { maxSessionDuration: UNKNOWN.number } }),
    { violations: [], unknownRead: "number value at .maxSessionDuration can't be known during preview" },
  );
});

test('an empty maxSessionDuration ("") is not a number and is not judged', async () => {
  assert.deepEqual(await validate(policy, { type: "aws:iam/role:Role", props: { maxSessionDuration: "" } }), {
    violations: [],
  });
});
