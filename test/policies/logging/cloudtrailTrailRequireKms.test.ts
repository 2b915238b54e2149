import assert from "node:assert/strict";
import { test } from "node:test";
import { cloudtrailTrailRequireKms } from "../../../policy-pack/policies/logging/cloudtrailTrailRequireKms";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { compliantTrail as compliant, TRAIL as TYPE } from "./cloudtrailFixtures";

test("a compliant trail passes", async () => {
  assert.deepEqual(await violations(cloudtrailTrailRequireKms, TYPE, compliant()), []);
});

test("a trail without a KMS key is flagged", async () => {
  const { kmsKeyId: _, ...unset } = compliant();
  assert.deepEqual(await violations(cloudtrailTrailRequireKms, TYPE, unset), [
    "Trail log files are not encrypted with KMS: set kmsKeyId.",
  ]);
});

test("an unknown kmsKeyId is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(cloudtrailTrailRequireKms, {
      type: "aws:cloudtrail/trail:Trail",
      props: { kmsKeyId: UNKNOWN.string },
    }),
    { violations: [], unknownRead: "string value at .kmsKeyId can't be known during preview" },
  );
});

test('an empty kmsKeyId ("") names no key: flagged', async () => {
  assert.deepEqual(
    await validate(cloudtrailTrailRequireKms, {
      type: "aws:cloudtrail/trail:Trail",
      props: { kmsKeyId: "" },
    }),
    { violations: ["Trail log files are not encrypted with KMS: set kmsKeyId."] },
  );
});
