import assert from "node:assert/strict";
import { test } from "node:test";
import { iamRoleRequirePermissionsBoundary as policy } from "../../../policy-pack/policies/iam/iamRoleRequirePermissionsBoundary";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const ROLE = "aws:iam/role:Role";
const BOUNDARY = "arn:aws:iam::111122223333:policy/rampart-prod-boundary";
const human = { "rampart:access-role": "model-management", "rampart:stack": "prod" };
const MSG =
  "Role is tagged rampart:access-role=model-management (a role people assume) but has no permissions boundary: set permissionsBoundary to the boundary policy's ARN.";

test("a human role with a boundary passes; untagged (workload) roles are not judged", async () => {
  assert.deepEqual(await violations(policy, ROLE, { tags: human, permissionsBoundary: BOUNDARY }), []);
  assert.deepEqual(await violations(policy, ROLE, { tags: { "rampart:stack": "prod" } }), []);
  assert.deepEqual(await violations(policy, ROLE, {}), []);
});

test("a human role without a boundary is flagged", async () => {
  assert.deepEqual(await violations(policy, ROLE, { tags: human }), [MSG]);
});

test("further tag keys come from config", async () => {
  const tags = { team: "ml" };
  assert.deepEqual(await violations(policy, ROLE, { tags }), []);
  assert.deepEqual(await violations(policy, ROLE, { tags }, { humanRoleTagKeys: ["team"] }), [
    "Role is tagged team=ml (a role people assume) but has no permissions boundary: set permissionsBoundary to the boundary policy's ARN.",
  ]);
});

test("an unknown boundary or unknown tags is an advisory note during preview (the SDK's), not a pass", async () => {
  assert.deepEqual(
    await validate(policy, { type: ROLE, props: { tags: human, permissionsBoundary: UNKNOWN.string } }),
    {
      violations: [],
      unknownRead: "string value at .permissionsBoundary can't be known during preview",
    },
  );
  assert.deepEqual((await validate(policy, { type: ROLE, props: { tags: UNKNOWN.object } })).violations, []);
});

test('an empty permissionsBoundary ("") is no boundary; an empty tag value still marks a human role', async () => {
  assert.deepEqual(await violations(policy, ROLE, { tags: human, permissionsBoundary: "" }), [MSG]);
  assert.deepEqual(await violations(policy, ROLE, { tags: { "rampart:access-role": "" } }), [
    "Role is tagged rampart:access-role= (a role people assume) but has no permissions boundary: set permissionsBoundary to the boundary policy's ARN.",
  ]);
});
