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
