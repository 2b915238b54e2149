import assert from "node:assert/strict";
import { test } from "node:test";
import { cloudtrailTrailRequireLogValidation } from "../../../policy-pack/policies/logging/cloudtrailTrailRequireLogValidation";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { compliantTrail as compliant, TRAIL as TYPE } from "./cloudtrailFixtures";

test("a compliant trail passes", async () => {
  assert.deepEqual(await violations(cloudtrailTrailRequireLogValidation, TYPE, compliant()), []);
});

test("log file validation off is flagged (false or unset)", async () => {
  const msg = ["Trail log file validation is off: set enableLogFileValidation: true."];
  assert.deepEqual(
    await violations(cloudtrailTrailRequireLogValidation, TYPE, {
      ...compliant(),
      enableLogFileValidation: false,
    }),
    msg,
  );
  const { enableLogFileValidation: _, ...unset } = compliant();
  assert.deepEqual(await violations(cloudtrailTrailRequireLogValidation, TYPE, unset), msg);
});

test("an unknown enableLogFileValidation is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(cloudtrailTrailRequireLogValidation, {
      type: "aws:cloudtrail/trail:Trail",
      props: { enableLogFileValidation: UNKNOWN.boolean },
    }),
    {
      violations: [],
      unknownRead: "boolean value at .enableLogFileValidation can't be known during preview",
    },
  );
});

test('enableLogFileValidation: "" is not true: flagged', async () => {
  assert.deepEqual(
    await validate(cloudtrailTrailRequireLogValidation, {
      type: "aws:cloudtrail/trail:Trail",
      props: { enableLogFileValidation: "" },
    }),
    { violations: ["Trail log file validation is off: set enableLogFileValidation: true."] },
  );
});

test('enableLogFileValidation "true" (a string, as an export may carry it) passes; "false" is flagged', async () => {
  assert.deepEqual(
    await violations(cloudtrailTrailRequireLogValidation, TYPE, {
      ...compliant(),
      enableLogFileValidation: "true",
    }),
    [],
  );
  assert.deepEqual(
    await violations(cloudtrailTrailRequireLogValidation, TYPE, {
      ...compliant(),
      enableLogFileValidation: "false",
    }),
    ["Trail log file validation is off: set enableLogFileValidation: true."],
  );
});
