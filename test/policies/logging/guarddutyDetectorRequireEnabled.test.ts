import assert from "node:assert/strict";
import { test } from "node:test";
import { guarddutyDetectorRequireEnabled } from "../../../policy-pack/policies/logging/guarddutyDetectorRequireEnabled";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const DETECTOR = "aws:guardduty/detector:Detector";

test("an enabled detector passes; enable unset is AWS's default true", async () => {
  assert.deepEqual(await violations(guarddutyDetectorRequireEnabled, DETECTOR, { enable: true }), []);
  assert.deepEqual(await violations(guarddutyDetectorRequireEnabled, DETECTOR, {}), []);
});

test("a disabled detector is flagged", async () => {
  assert.deepEqual(await violations(guarddutyDetectorRequireEnabled, DETECTOR, { enable: false }), [
    "GuardDuty detector is disabled: set enable: true.",
  ]);
});

test("an unknown enable flag is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(guarddutyDetectorRequireEnabled, {
      type: "aws:guardduty/detector:Detector",
      props: { enable: UNKNOWN.boolean },
    }),
    { violations: [], unknownRead: "boolean value at .enable can't be known during preview" },
  );
});

test('enable: "" is not false: passes (only an explicit false disables a detector)', async () => {
  assert.deepEqual(
    await validate(guarddutyDetectorRequireEnabled, {
      type: "aws:guardduty/detector:Detector",
      props: { enable: "" },
    }),
    { violations: [] },
  );
});

test('enable "false" (any case, as config or an export may carry it) is an explicit false: flagged', async () => {
  for (const enable of ["false", " False "])
    assert.deepEqual(
      await violations(guarddutyDetectorRequireEnabled, DETECTOR, { enable }),
      ["GuardDuty detector is disabled: set enable: true."],
      enable,
    );
  assert.deepEqual(await violations(guarddutyDetectorRequireEnabled, DETECTOR, { enable: "true" }), []);
});
