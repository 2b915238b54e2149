import assert from "node:assert/strict";
import { test } from "node:test";
import { cloudtrailTrailRequireKms } from "../../../policy-pack/policies/logging/cloudtrailTrailRequireKms";
import { cloudtrailTrailRequireLogValidation } from "../../../policy-pack/policies/logging/cloudtrailTrailRequireLogValidation";
import { cloudtrailTrailRequireMultiRegion } from "../../../policy-pack/policies/logging/cloudtrailTrailRequireMultiRegion";
import { violations } from "../helpers/policyHarness";

const TYPE = "aws:cloudtrail/trail:Trail";
const compliant = (): Record<string, any> => ({
  s3BucketName: "trail",
  isMultiRegionTrail: true,
  enableLogFileValidation: true,
  kmsKeyId: "arn:k",
  includeGlobalServiceEvents: true,
});

test("a compliant trail passes all three trail policies", async () => {
  for (const p of [
    cloudtrailTrailRequireKms,
    cloudtrailTrailRequireLogValidation,
    cloudtrailTrailRequireMultiRegion,
  ])
    assert.deepEqual(await violations(p, TYPE, compliant()), [], p.name);
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

test("a trail without a KMS key is flagged", async () => {
  const { kmsKeyId: _, ...unset } = compliant();
  assert.deepEqual(await violations(cloudtrailTrailRequireKms, TYPE, unset), [
    "Trail log files are not encrypted with KMS: set kmsKeyId.",
  ]);
});
