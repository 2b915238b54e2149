import assert from "node:assert/strict";
import { test } from "node:test";
import { cloudtrailTrailRequireLogging as policy } from "../../../policy-pack/policies/logging/cloudtrailTrailRequireLogging";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { compliantTrail as compliant, TRAIL as TYPE } from "./cloudtrailFixtures";

const STOPPED = "Trail is stopped and records nothing: set enableLogging: true.";

test("a compliant trail passes, with enableLogging true or unset (the default)", async () => {
  assert.deepEqual(await violations(policy, TYPE, compliant()), []);
  assert.deepEqual(await violations(policy, TYPE, { ...compliant(), enableLogging: true }), []);
});

test('a stopped trail (enableLogging false, or "false" in any case) is flagged', async () => {
  for (const enableLogging of [false, "false", " FALSE "])
    assert.deepEqual(
      await violations(policy, TYPE, { ...compliant(), enableLogging }),
      [STOPPED],
      String(enableLogging),
    );
});

test('enableLogging "" or null is not an explicit false: passes (the provider reads it as unset)', async () => {
  assert.deepEqual(await violations(policy, TYPE, { ...compliant(), enableLogging: "" }), []);
  assert.deepEqual(await violations(policy, TYPE, { ...compliant(), enableLogging: null }), []);
});

test("an unknown enableLogging is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(await validate(policy, { type: TYPE, props: { enableLogging: UNKNOWN.boolean } }), {
    violations: [],
    unknownRead: "boolean value at .enableLogging can't be known during preview",
  });
});
