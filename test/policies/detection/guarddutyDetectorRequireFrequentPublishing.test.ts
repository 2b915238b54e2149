import assert from "node:assert/strict";
import { test } from "node:test";
import { guarddutyDetectorRequireFrequentPublishing as policy } from "../../../policy-pack/policies/detection/guarddutyDetectorRequireFrequentPublishing";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { DETECTOR } from "./guarddutyFixtures";

const MSG =
  'GuardDuty publishes finding updates every six hours: set findingPublishingFrequency: "FIFTEEN_MINUTES".';

test("FIFTEEN_MINUTES and ONE_HOUR pass", async () => {
  for (const f of ["FIFTEEN_MINUTES", "ONE_HOUR"])
    assert.deepEqual(await violations(policy, DETECTOR, { enable: true, findingPublishingFrequency: f }), []);
});

test('SIX_HOURS, unset (the default) and "" are flagged', async () => {
  assert.deepEqual(await violations(policy, DETECTOR, { findingPublishingFrequency: "SIX_HOURS" }), [MSG]);
  assert.deepEqual(await violations(policy, DETECTOR, { enable: true }), [MSG]);
  assert.deepEqual(await violations(policy, DETECTOR, { findingPublishingFrequency: "" }), [MSG]);
});

test("advisory by default (the prod config makes it mandatory)", () => {
  assert.equal(policy.enforcementLevel, "advisory");
});

test("an unknown frequency is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, { type: DETECTOR, props: { findingPublishingFrequency: UNKNOWN.string } }),
    {
      violations: [],
      unknownRead: "string value at .findingPublishingFrequency can't be known during preview",
    },
  );
});
