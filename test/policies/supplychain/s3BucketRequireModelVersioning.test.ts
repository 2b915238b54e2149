import assert from "node:assert/strict";
import { test } from "node:test";
import { s3BucketRequireModelVersioning as policy } from "../../../policy-pack/policies/supplychain/s3BucketRequireModelVersioning";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const BUCKET = "aws:s3/bucket:Bucket";
const models = (props: Record<string, any> = {}) =>
  res(BUCKET, "models", { bucket: "rampart-models", tags: { "rampart:data-class": "models" }, ...props });
const MSG = 'Model bucket "models" is not versioned: add a BucketVersioning with status "Enabled".';

test("a BucketVersioning with status Enabled passes (v7 and V2 types)", async () => {
  for (const type of [
    "aws:s3/bucketVersioning:BucketVersioning",
    "aws:s3/bucketVersioningV2:BucketVersioningV2",
  ]) {
    const b = models();
    assert.deepEqual(
      await validateStack(policy, [
        b,
        res(type, "v", { bucket: "rampart-models", versioningConfiguration: { status: "Enabled" } }),
      ]),
      [],
    );
  }
});

test("inline versioning passes (Bucket.versioning, BucketV2.versionings)", async () => {
  assert.deepEqual(await validateStack(policy, [models({ versioning: { enabled: true } })]), []);
  assert.deepEqual(
    await validateStack(policy, [
      res("aws:s3/bucketV2:BucketV2", "m", {
        tags: { "rampart:data-class": "models" },
        versionings: [{ enabled: true }],
      }),
    ]),
    [],
  );
});

test("a model bucket without versioning is flagged", async () => {
  const b = models();
  assert.deepEqual(await validateStack(policy, [b]), [{ urn: b.urn, message: MSG }]);
});

test("versioning Suspended is flagged", async () => {
  const b = models();
  assert.deepEqual(
    await validateStack(policy, [
      b,
      res("aws:s3/bucketVersioning:BucketVersioning", "v", {
        bucket: "rampart-models",
        versioningConfiguration: { status: "Suspended" },
      }),
    ]),
    [{ urn: b.urn, message: MSG }],
  );
});

test("other data classes are not judged; an unknown versioning target says nothing", async () => {
  assert.deepEqual(
    await validateStack(policy, [res(BUCKET, "web", { tags: { "rampart:data-class": "web" } })]),
    [],
  );
  assert.deepEqual(
    await validateStack(policy, [
      models(),
      res("aws:s3/bucketVersioning:BucketVersioning", "v", {
        bucket: UNKNOWN.string,
        versioningConfiguration: { status: "Enabled" },
      }),
    ]),
    [],
  );
});

test('versioning.enabled: "" is not true: flagged', async () => {
  assert.deepEqual(await validateStack(policy, [models({ versioning: { enabled: "" } })]), [
    { message: MSG, urn: `urn:pulumi:test::rampart::${BUCKET}::models` },
  ]);
});
