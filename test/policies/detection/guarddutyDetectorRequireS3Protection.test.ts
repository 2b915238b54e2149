import assert from "node:assert/strict";
import { test } from "node:test";
import { guarddutyDetectorRequireS3Protection as policy } from "../../../policy-pack/policies/detection/guarddutyDetectorRequireS3Protection";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";
import { detectorWithId, feature } from "./guarddutyFixtures";

const MISSING =
  'GuardDuty detector "detector" does not enable S3 Protection: add a DetectorFeature S3_DATA_EVENTS with status "ENABLED" (or datasources.s3Logs.enable: true).';
const DISABLED =
  'GuardDuty detector "detector" has S3 Protection disabled: set the S3_DATA_EVENTS feature\'s status to "ENABLED".';

test("S3 Protection on inline (datasources.s3Logs) or as an S3_DATA_EVENTS feature passes", async () => {
  assert.deepEqual(
    await validateStack(policy, [detectorWithId({ datasources: { s3Logs: { enable: true } } })]),
    [],
  );
  assert.deepEqual(await validateStack(policy, [detectorWithId(), feature("S3_DATA_EVENTS", "ENABLED")]), []);
});

test("a detector with neither form, or with s3Logs off, is flagged", async () => {
  const d = detectorWithId();
  assert.deepEqual(await validateStack(policy, [d]), [{ urn: d.urn, message: MISSING }]);
  const off = detectorWithId({ datasources: { s3Logs: { enable: false } } });
  assert.deepEqual(await validateStack(policy, [off]), [{ urn: off.urn, message: MISSING }]);
});

test("a DISABLED feature is flagged even when the inline block says on (the feature API wins)", async () => {
  const d = detectorWithId({ datasources: { s3Logs: { enable: true } } });
  assert.deepEqual(await validateStack(policy, [d, feature("S3_DATA_EVENTS", "DISABLED")]), [
    { urn: d.urn, message: DISABLED },
  ]);
});

test('a status "" is not ENABLED; another detector\'s feature does not count; disabled detectors are skipped', async () => {
  const d = detectorWithId();
  assert.deepEqual(await validateStack(policy, [d, feature("S3_DATA_EVENTS", "")]), [
    { urn: d.urn, message: MISSING },
  ]);
  assert.deepEqual(
    await validateStack(policy, [d, feature("S3_DATA_EVENTS", "ENABLED", { detectorId: "other-id" })]),
    [{ urn: d.urn, message: MISSING }],
  );
  assert.deepEqual(await validateStack(policy, [detectorWithId({ enable: false })]), []);
});

test("unknown values during preview (feature status or name, inline flag, detector id) are not judged", async () => {
  const d = detectorWithId();
  assert.deepEqual(await validateStack(policy, [d, feature("S3_DATA_EVENTS", UNKNOWN.string)]), []);
  assert.deepEqual(await validateStack(policy, [d, feature(UNKNOWN.string, "ENABLED")]), []);
  assert.deepEqual(
    await validateStack(policy, [detectorWithId({ datasources: { s3Logs: { enable: UNKNOWN.boolean } } })]),
    [],
  );
  assert.deepEqual(
    await validateStack(policy, [d, feature("EKS_AUDIT_LOGS", "ENABLED", { detectorId: UNKNOWN.string })]),
    [],
  );
});

test('inline flags written as strings: s3Logs.enable "true" passes, a detector enable "false" is skipped', async () => {
  assert.deepEqual(
    await validateStack(policy, [detectorWithId({ datasources: { s3Logs: { enable: "true" } } })]),
    [],
  );
  assert.deepEqual(await validateStack(policy, [detectorWithId({ enable: "false" })]), []);
  const d = detectorWithId({ datasources: { s3Logs: { enable: "false" } } });
  assert.deepEqual(await validateStack(policy, [d]), [{ urn: d.urn, message: MISSING }]);
});
