import assert from "node:assert/strict";
import { test } from "node:test";
import { s3BucketRequireModelAccessLogging as policy } from "../../../policy-pack/policies/supplychain/s3BucketRequireModelAccessLogging";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const BUCKET = "aws:s3/bucket:Bucket";
const models = (props: Record<string, any> = {}) =>
  res(BUCKET, "models", { bucket: "rampart-models", tags: { "rampart:data-class": "models" }, ...props });
const MSG = 'Model bucket "models" has no server access logging: add a BucketLogging with a targetBucket.';
const flagged = (b: { urn: string }) => [{ urn: b.urn, message: MSG }];

test("a separate BucketLogging(V2) with a targetBucket passes (by name or by dependency)", async () => {
  for (const type of ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"]) {
    const b = models();
    const byName = res(type, "log", {
      bucket: "rampart-models",
      targetBucket: "logs",
      targetPrefix: "models/",
    });
    assert.deepEqual(await validateStack(policy, [b, byName]), [], type);
    const byDep = res(type, "log", { bucket: "x-id", targetBucket: "logs", targetPrefix: "" }, [b]);
    assert.deepEqual(await validateStack(policy, [b, byDep]), [], type);
  }
});

test("inline logging passes (Bucket.logging, BucketV2.loggings)", async () => {
  assert.deepEqual(await validateStack(policy, [models({ logging: { targetBucket: "logs" } })]), []);
  const v2 = res("aws:s3/bucketV2:BucketV2", "models", {
    tags: { "rampart:data-class": "models" },
    loggings: [{ targetBucket: "logs" }],
  });
  assert.deepEqual(await validateStack(policy, [v2]), []);
});

test("a model bucket without access logging is flagged", async () => {
  const b = models();
  assert.deepEqual(await validateStack(policy, [b]), flagged(b));
});

test("an empty inline logging block or a BucketLogging without targetBucket does not count", async () => {
  const inline = models({ logging: { targetBucket: "" } });
  assert.deepEqual(await validateStack(policy, [inline]), flagged(inline));
  const b = models();
  const noTarget = res("aws:s3/bucketLogging:BucketLogging", "log", { bucket: "rampart-models" });
  assert.deepEqual(await validateStack(policy, [b, noTarget]), flagged(b));
});

test("a BucketLogging of another bucket does not count", async () => {
  const b = models();
  const other = res("aws:s3/bucketLogging:BucketLogging", "log", { bucket: "other", targetBucket: "logs" });
  assert.deepEqual(await validateStack(policy, [b, other]), flagged(b));
});

test("other data classes are not judged; the classes are configurable", async () => {
  const b = res(BUCKET, "models", { tags: { "rampart:data-class": "weights" } });
  assert.deepEqual(await validateStack(policy, [b]), []);
  assert.deepEqual(await validateStack(policy, [b], { modelDataClasses: ["weights"] }), flagged(b));
});

test("unknown values during preview are skipped, not flagged", async () => {
  assert.deepEqual(await validateStack(policy, [models({ logging: UNKNOWN.object })]), []);
  const b = models();
  const unknownTarget = res("aws:s3/bucketLogging:BucketLogging", "log", {
    bucket: "rampart-models",
    targetBucket: UNKNOWN.string,
  });
  assert.deepEqual(await validateStack(policy, [b, unknownTarget]), []);
  const unknownBucket = res("aws:s3/bucketLogging:BucketLogging", "log", {
    bucket: UNKNOWN.string,
    targetBucket: "l",
  });
  assert.deepEqual(await validateStack(policy, [b, unknownBucket]), []);
  assert.deepEqual(
    await validateStack(policy, [res(BUCKET, "m", { tags: { "rampart:data-class": UNKNOWN.string } })]),
    [],
  );
});

test("a bucket without tags (missing block) is not judged", async () => {
  assert.deepEqual(await validateStack(policy, [res(BUCKET, "plain", { bucket: "x" })]), []);
});
