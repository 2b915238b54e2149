import assert from "node:assert/strict";
import { test } from "node:test";
import { cloudtrailTrailRequireProtectedBucket as policy } from "../../../policy-pack/policies/logging/cloudtrailTrailRequireProtectedBucket";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";
import { compliantTrail, TRAIL } from "./cloudtrailFixtures";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const LOCK = "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2";
const VERSIONING = "aws:s3/bucketVersioningV2:BucketVersioningV2";
const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const ALL_ON = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

const trail = () => res(TRAIL, "trail", compliantTrail());
const bucket = (props: Record<string, any> = {}, type = BUCKET) =>
  res(type, "archive", { bucket: "trail", ...props });
const msg = (missing: string) =>
  `Trail "trail" delivers to bucket "archive", which has no Object Lock and lacks ${missing}: enable Object Lock (preferred), or add versioning and a BucketPublicAccessBlock.`;

test("a trail bucket with Object Lock (inline, or a separate configuration) passes", async () => {
  assert.deepEqual(await validateStack(policy, [trail(), bucket({ objectLockEnabled: true })]), []);
  const b = bucket({}, BUCKET_V2);
  const lock = res(LOCK, "lock", {
    bucket: "trail",
    rule: { defaultRetention: { mode: "COMPLIANCE", days: 365 } },
  });
  assert.deepEqual(await validateStack(policy, [trail(), b, lock]), []);
});

test("without Object Lock, versioning and a full public access block together pass", async () => {
  const b = bucket({}, BUCKET_V2);
  const v = res(VERSIONING, "v", { bucket: "trail", versioningConfiguration: { status: "Enabled" } });
  const pab = res(PAB, "pab", { bucket: "trail", ...ALL_ON });
  assert.deepEqual(await validateStack(policy, [trail(), b, v, pab]), []);
  assert.deepEqual(
    await validateStack(policy, [trail(), bucket({ versioning: { enabled: true } }), pab]),
    [],
  );
});

test("a bare trail bucket is flagged for both; versioning alone, or a partial block, for the block", async () => {
  const t = trail();
  assert.deepEqual(await validateStack(policy, [t, bucket()]), [
    { urn: t.urn, message: msg("versioning and a public access block with all four switches on") },
  ]);
  const partial = res(PAB, "pab", { bucket: "trail", ...ALL_ON, restrictPublicBuckets: false });
  assert.deepEqual(await validateStack(policy, [t, bucket({ versioning: { enabled: true } }), partial]), [
    { urn: t.urn, message: msg("a public access block with all four switches on") },
  ]);
  const suspended = res(VERSIONING, "v", {
    bucket: "trail",
    versioningConfiguration: { status: "Suspended" },
  });
  const pab = res(PAB, "pab", { bucket: "trail", ...ALL_ON });
  assert.deepEqual(await validateStack(policy, [t, bucket(), suspended, pab]), [
    { urn: t.urn, message: msg("versioning") },
  ]);
});

test('a bucket outside the stack, or a trail with s3BucketName "", is not judged', async () => {
  assert.deepEqual(
    await validateStack(policy, [
      res(TRAIL, "trail", { ...compliantTrail(), s3BucketName: "elsewhere" }),
      bucket(),
    ]),
    [],
  );
  assert.deepEqual(
    await validateStack(policy, [res(TRAIL, "trail", { ...compliantTrail(), s3BucketName: "" }), bucket()]),
    [],
  );
});

test("unknown values during preview (lock flag, versioning target, bucket name) are not judged", async () => {
  assert.deepEqual(
    await validateStack(policy, [trail(), bucket({ objectLockEnabled: UNKNOWN.boolean })]),
    [],
  );
  const v = res(VERSIONING, "v", { bucket: UNKNOWN.string, versioningConfiguration: { status: "Enabled" } });
  const pab = res(PAB, "pab", { bucket: "trail", ...ALL_ON });
  assert.deepEqual(await validateStack(policy, [trail(), bucket(), v, pab]), []);
  assert.deepEqual(
    await validateStack(policy, [res(TRAIL, "trail", { s3BucketName: UNKNOWN.string }), bucket()]),
    [],
  );
});
