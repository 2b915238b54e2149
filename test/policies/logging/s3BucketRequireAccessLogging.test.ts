import assert from "node:assert/strict";
import { test } from "node:test";
import { s3BucketRequireAccessLogging as policy } from "../../../policy-pack/policies/logging/s3BucketRequireAccessLogging";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const BUCKET = "aws:s3/bucket:Bucket";
const LOGGING = "aws:s3/bucketLogging:BucketLogging";
const trail = (props: Record<string, any> = {}) =>
  res(BUCKET, "trail", { bucket: "rampart-trail", tags: { "rampart:data-class": "logs" }, ...props });
const access = () =>
  res(BUCKET, "access-logs", { bucket: "rampart-access", tags: { "rampart:data-class": "logs" } });

test("a log bucket with a BucketLogging to an access-log bucket passes, and the sink is exempt", async () => {
  const t = trail();
  const a = access();
  assert.deepEqual(
    await validateStack(policy, [
      t,
      a,
      res(LOGGING, "trail-logging", {
        bucket: "rampart-trail",
        targetBucket: "rampart-access",
        targetPrefix: "trail/",
      }),
    ]),
    [],
  );
});

test("inline logging (Bucket.logging, BucketV2.loggings) passes", async () => {
  assert.deepEqual(await validateStack(policy, [trail({ logging: { targetBucket: "rampart-access" } })]), []);
  const v2 = res("aws:s3/bucketV2:BucketV2", "trail", {
    tags: { "rampart:data-class": "audit" },
    loggings: [{ targetBucket: "rampart-access" }],
  });
  assert.deepEqual(await validateStack(policy, [v2]), []);
});

test("a log bucket without access logging is flagged", async () => {
  const t = trail();
  assert.deepEqual(await validateStack(policy, [t]), [
    {
      urn: t.urn,
      message: 'Log bucket "trail" has no server access logging: add a BucketLogging with a targetBucket.',
    },
  ]);
});

test("a V2 logging resource matched by dependency counts", async () => {
  const t = trail();
  assert.deepEqual(
    await validateStack(policy, [
      t,
      res(
        "aws:s3/bucketLoggingV2:BucketLoggingV2",
        "l",
        { bucket: "x-id", targetBucket: "y", targetPrefix: "" },
        [t],
      ),
    ]),
    [],
  );
});

test("buckets that are not log buckets are not judged", async () => {
  assert.deepEqual(
    await validateStack(policy, [
      res(BUCKET, "web", { tags: { "rampart:data-class": "models" } }),
      res(BUCKET, "untagged", {}),
    ]),
    [],
  );
});

test("unknown logging (inline, or a BucketLogging whose bucket is unknown) is skipped during preview", async () => {
  assert.deepEqual(await validateStack(policy, [trail({ loggings: UNKNOWN.array })]), []);
  assert.deepEqual(
    await validateStack(policy, [
      trail(),
      res(LOGGING, "log", { bucket: UNKNOWN.string, targetBucket: "rampart-access" }),
    ]),
    [],
  );
});

test("the SIEM's data classes (audit-logs, application-logs) mark log buckets too", async () => {
  for (const cls of ["audit-logs", "application-logs"]) {
    const b = res(BUCKET, "archive", { bucket: "rampart-archive", tags: { "rampart:data-class": cls } });
    assert.deepEqual(await validateStack(policy, [b]), [
      {
        urn: b.urn,
        message:
          'Log bucket "archive" has no server access logging: add a BucketLogging with a targetBucket.',
      },
    ]);
  }
});

test("a trail's bucket is judged whatever its tag (CIS 3.6, CloudTrail.7): untagged and unlogged is flagged", async () => {
  const TRAIL = "aws:cloudtrail/trail:Trail";
  const bucket = res(BUCKET, "ct", { bucket: "rampart-ct" });
  const ct = res(TRAIL, "ct-trail", { s3BucketName: "rampart-ct" });
  assert.deepEqual(await validateStack(policy, [bucket, ct]), [
    {
      urn: bucket.urn,
      message: 'Log bucket "ct" has no server access logging: add a BucketLogging with a targetBucket.',
    },
  ]);
  const logged = res(LOGGING, "ct-logging", { bucket: "rampart-ct", targetBucket: "rampart-access" });
  assert.deepEqual(await validateStack(policy, [bucket, ct, logged, access()]), []);
  // Found by the bucket's id as well (the provider's id of a bucket is its name).
  const byId = res(BUCKET, "ct", { id: "rampart-ct" });
  assert.equal((await validateStack(policy, [byId, ct])).length, 1);
  // A trail naming no bucket ("") or an unknown one, and an untagged bucket no trail names, are not judged.
  for (const s3BucketName of ["", UNKNOWN.string])
    assert.deepEqual(await validateStack(policy, [bucket, res(TRAIL, "t", { s3BucketName })]), []);
  assert.deepEqual(await validateStack(policy, [bucket, res(TRAIL, "t", { s3BucketName: "other" })]), []);
});
