import assert from "node:assert/strict";
import { test } from "node:test";
import { rdsInstanceRequireDeletionProtection as policy } from "../../../policy-pack/policies/backup/rdsInstanceRequireDeletionProtection";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:rds/instance:Instance";
const MSG = "RDS instance has no deletion protection: set deletionProtection: true.";

test("deletionProtection: true passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, { engine: "postgres", deletionProtection: true }), []);
});

test("deletionProtection: false is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { engine: "postgres", deletionProtection: false }), [MSG]);
});

test("an omitted deletionProtection (default false) is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { engine: "postgres" }), [MSG]);
});

test('deletionProtection: "" is not true: flagged', async () => {
  assert.deepEqual(await violations(policy, TYPE, { deletionProtection: "" }), [MSG]);
});

test("an unknown deletionProtection is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(await validate(policy, { type: TYPE, props: { deletionProtection: UNKNOWN.boolean } }), {
    violations: [],
    unknownRead: "boolean value at .deletionProtection can't be known during preview",
  });
});
