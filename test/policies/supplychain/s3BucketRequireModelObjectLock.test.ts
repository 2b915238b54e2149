import assert from "node:assert/strict";
import { test } from "node:test";
import { s3BucketRequireModelObjectLock as policy } from "../../../policy-pack/policies/supplychain/s3BucketRequireModelObjectLock";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const BUCKET = "aws:s3/bucket:Bucket";
const models = (props: Record<string, any> = {}) =>
  res(BUCKET, "models", { bucket: "rampart-models", tags: { "rampart:data-class": "models" }, ...props });
const MSG =
  'Model bucket "models" has no object lock: set objectLockEnabled: true (or add a BucketObjectLockConfiguration).';

test("objectLockEnabled: true on the bucket passes", async () => {
  assert.deepEqual(await validateStack(policy, [models({ objectLockEnabled: true })]), []);
});

test("inline objectLockConfiguration (BucketV2) passes", async () => {
  assert.deepEqual(
    await validateStack(policy, [
      res("aws:s3/bucketV2:BucketV2", "m", {
        tags: { "rampart:data-class": "models" },
        objectLockConfiguration: { objectLockEnabled: "Enabled" },
      }),
    ]),
    [],
  );
});

test("a separate BucketObjectLockConfiguration(V2) passes", async () => {
  for (const type of [
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2",
  ]) {
    const b = models();
    const lock = res(
      type,
      "lock",
      { bucket: "x", rule: { defaultRetention: { mode: "COMPLIANCE", days: 30 } } },
      [b],
    );
    assert.deepEqual(await validateStack(policy, [b, lock]), []);
  }
});

test("a model bucket without object lock is flagged", async () => {
  const b = models({ objectLockEnabled: false });
  assert.deepEqual(await validateStack(policy, [b]), [{ urn: b.urn, message: MSG }]);
});

test("the data classes are configurable", async () => {
  const b = res(BUCKET, "models", { tags: { "rampart:data-class": "weights" } });
  assert.deepEqual(await validateStack(policy, [b]), []);
  assert.deepEqual(await validateStack(policy, [b], { modelDataClasses: ["weights"] }), [
    { urn: b.urn, message: MSG },
  ]);
});

test("an unknown objectLockEnabled or data-class tag is skipped during preview", async () => {
  assert.deepEqual(await validateStack(policy, [models({ objectLockEnabled: UNKNOWN.boolean })]), []);
  assert.deepEqual(
    await validateStack(policy, [
      res(BUCKET, "models", { bucket: "x", tags: { "rampart:data-class": UNKNOWN.string } }),
    ]),
    [],
  );
});

test('empty strings: objectLockEnabled "" is not true (flagged); a data class "" is not "models" (not judged)', async () => {
  assert.deepEqual(await validateStack(policy, [models({ objectLockEnabled: "" })]), [
    { message: MSG, urn: `urn:pulumi:test::rampart::${BUCKET}::models` },
  ]);
  assert.deepEqual(
    await validateStack(policy, [res(BUCKET, "models", { bucket: "x", tags: { "rampart:data-class": "" } })]),
    [],
  );
});
