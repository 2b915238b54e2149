import assert from "node:assert/strict";
import { test } from "node:test";
import { cloudtrailTrailRequireGlobalServiceEvents as policy } from "../../../policy-pack/policies/logging/cloudtrailTrailRequireGlobalServiceEvents";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { compliantTrail, TRAIL } from "./cloudtrailFixtures";

const MSG = "Trail leaves out global service events (IAM, STS): set includeGlobalServiceEvents: true.";

test("a trail with global service events, or the default (unset), passes", async () => {
  assert.deepEqual(await violations(policy, TRAIL, compliantTrail()), []);
  const { includeGlobalServiceEvents: _, ...unset } = compliantTrail();
  assert.deepEqual(await violations(policy, TRAIL, unset), []);
});

test('includeGlobalServiceEvents false (or "false") is flagged', async () => {
  assert.deepEqual(
    await violations(policy, TRAIL, { ...compliantTrail(), includeGlobalServiceEvents: false }),
    [MSG],
  );
  assert.deepEqual(
    await violations(policy, TRAIL, { ...compliantTrail(), includeGlobalServiceEvents: "false" }),
    [MSG],
  );
});

test('an empty string ("") is not an explicit false: passes', async () => {
  assert.deepEqual(
    await violations(policy, TRAIL, { ...compliantTrail(), includeGlobalServiceEvents: "" }),
    [],
  );
});

test("an unknown value is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: TRAIL,
      props: { ...compliantTrail(), includeGlobalServiceEvents: UNKNOWN.boolean },
    }),
    {
      violations: [],
      unknownRead: "boolean value at .includeGlobalServiceEvents can't be known during preview",
    },
  );
});
