import assert from "node:assert/strict";
import { test } from "node:test";
import { cloudtrailTrailRequireMultiRegion } from "../../../policy-pack/policies/logging/cloudtrailTrailRequireMultiRegion";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { compliantTrail as compliant, TRAIL as TYPE } from "./cloudtrailFixtures";

test("a compliant trail passes", async () => {
  assert.deepEqual(await violations(cloudtrailTrailRequireMultiRegion, TYPE, compliant()), []);
});

test("a single-region trail is flagged (false or unset)", async () => {
  const msg = ["Trail records one region only: set isMultiRegionTrail: true."];
  assert.deepEqual(
    await violations(cloudtrailTrailRequireMultiRegion, TYPE, { ...compliant(), isMultiRegionTrail: false }),
    msg,
  );
  const { isMultiRegionTrail: _, ...unset } = compliant();
  assert.deepEqual(await violations(cloudtrailTrailRequireMultiRegion, TYPE, unset), msg);
});

test("an unknown isMultiRegionTrail is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(cloudtrailTrailRequireMultiRegion, {
      type: "aws:cloudtrail/trail:Trail",
      props: { isMultiRegionTrail: UNKNOWN.boolean },
    }),
    { violations: [], unknownRead: "boolean value at .isMultiRegionTrail can't be known during preview" },
  );
});

test('isMultiRegionTrail: "" is not true: flagged', async () => {
  assert.deepEqual(
    await validate(cloudtrailTrailRequireMultiRegion, {
      type: "aws:cloudtrail/trail:Trail",
      props: { isMultiRegionTrail: "" },
    }),
    { violations: ["Trail records one region only: set isMultiRegionTrail: true."] },
  );
});

test('isMultiRegionTrail "true" (a string, as an export may carry it) passes; "false" is flagged', async () => {
  assert.deepEqual(
    await violations(cloudtrailTrailRequireMultiRegion, TYPE, { ...compliant(), isMultiRegionTrail: "true" }),
    [],
  );
  assert.deepEqual(
    await violations(cloudtrailTrailRequireMultiRegion, TYPE, {
      ...compliant(),
      isMultiRegionTrail: "false",
    }),
    ["Trail records one region only: set isMultiRegionTrail: true."],
  );
});
