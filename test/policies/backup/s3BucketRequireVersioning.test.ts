import assert from "node:assert/strict";
import { test } from "node:test";
import { s3BucketRequireVersioning as policy } from "../../../policy-pack/policies/backup/s3BucketRequireVersioning";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const VERSIONING = "aws:s3/bucketVersioning:BucketVersioning";
const VERSIONING_V2 = "aws:s3/bucketVersioningV2:BucketVersioningV2";
const NONE =
  'S3 bucket "data" is not versioned: add a BucketVersioning with versioningConfiguration.status "Enabled".';
const bucket = (props: Record<string, any> = {}, type = BUCKET) =>
  res(type, "data", { bucket: "rampart-data", ...props });
const enabled = { versioningConfiguration: { status: "Enabled" } };

test("a separate BucketVersioning (by dependency) with status Enabled passes", async () => {
  const b = bucket();
  assert.deepEqual(
    await validateStack(policy, [b, res(VERSIONING, "v", { bucket: "x", ...enabled }, [b])]),
    [],
  );
});

test("a separate BucketVersioningV2 matched by bucket name passes", async () => {
  assert.deepEqual(
    await validateStack(policy, [bucket(), res(VERSIONING_V2, "v", { bucket: "rampart-data", ...enabled })]),
    [],
  );
});

test("inline versioning on Bucket (singular) and BucketV2 (plural lists) passes", async () => {
  assert.deepEqual(await validateStack(policy, [bucket({ versioning: { enabled: true } })]), []);
  assert.deepEqual(
    await validateStack(policy, [bucket({ versionings: [{ enabled: true }] }, BUCKET_V2)]),
    [],
  );
});

test("a bucket created with Object Lock is versioned by S3 itself: passes", async () => {
  assert.deepEqual(await validateStack(policy, [bucket({ objectLockEnabled: true })]), []);
  assert.deepEqual(
    await validateStack(policy, [bucket({ objectLockConfiguration: { objectLockEnabled: "Enabled" } })]),
    [],
  );
});

test("a bucket with no versioning at all is flagged (Bucket and BucketV2)", async () => {
  const b = bucket();
  assert.deepEqual(await validateStack(policy, [b]), [{ urn: b.urn, message: NONE }]);
  const v2 = bucket({}, BUCKET_V2);
  assert.deepEqual(await validateStack(policy, [v2]), [{ urn: v2.urn, message: NONE }]);
});

test("inline versioning switched off is flagged", async () => {
  const b = bucket({ versioning: { enabled: false } });
  assert.deepEqual(await validateStack(policy, [b]), [{ urn: b.urn, message: NONE }]);
  const v2 = bucket({ versionings: [{ enabled: false, mfaDelete: false }] }, BUCKET_V2);
  assert.deepEqual(await validateStack(policy, [v2]), [{ urn: v2.urn, message: NONE }]);
});

test("a BucketVersioning that is Suspended (or empty) is flagged, naming it", async () => {
  for (const status of ["Suspended", "Disabled", ""]) {
    const b = bucket();
    assert.deepEqual(
      await validateStack(policy, [
        b,
        res(VERSIONING, "v", { bucket: "rampart-data", versioningConfiguration: { status } }),
      ]),
      [
        {
          urn: b.urn,
          message: `S3 bucket "data" has versioning that is not "Enabled" (BucketVersioning "v"): set versioningConfiguration.status "Enabled".`,
        },
      ],
    );
  }
});

test("versioning of another bucket does not count", async () => {
  const b = bucket();
  const other = res(BUCKET, "other", { bucket: "rampart-other" });
  assert.deepEqual(
    await validateStack(policy, [
      b,
      other,
      res(VERSIONING, "v", { bucket: "rampart-other", ...enabled }, [other]),
    ]),
    [{ urn: b.urn, message: NONE }],
  );
});

test('an empty bucket reference ("") attaches to nothing', async () => {
  const b = bucket();
  assert.deepEqual(await validateStack(policy, [b, res(VERSIONING, "v", { bucket: "", ...enabled })]), [
    { urn: b.urn, message: NONE },
  ]);
});

test("exempt data classes are not judged", async () => {
  const logs = bucket({ tags: { "rampart:data-class": "access-logs" } });
  assert.deepEqual(await validateStack(policy, [logs], { exemptDataClasses: ["access-logs"] }), []);
  assert.deepEqual((await validateStack(policy, [logs])).length, 1);
});

test("unknown values are skipped, not flagged, and do not silence other buckets", async () => {
  const unknownBucket = res(VERSIONING, "v", { bucket: UNKNOWN.string, ...enabled });
  const b = bucket();
  // The attachment's bucket is unknown: it may be this bucket's, so nothing is said.
  assert.deepEqual(await validateStack(policy, [b, unknownBucket]), []);
  const unknownStatus = bucket({ versioning: UNKNOWN.object });
  const plain = res(BUCKET, "plain", { bucket: "rampart-plain" });
  assert.deepEqual(await validateStack(policy, [unknownStatus, plain]), [
    {
      urn: plain.urn,
      message:
        'S3 bucket "plain" is not versioned: add a BucketVersioning with versioningConfiguration.status "Enabled".',
    },
  ]);
  const unknownConfig = bucket();
  assert.deepEqual(
    await validateStack(policy, [
      unknownConfig,
      res(VERSIONING, "v", { bucket: "rampart-data", versioningConfiguration: UNKNOWN.object }),
    ]),
    [],
  );
});
