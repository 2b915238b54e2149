import assert from "node:assert/strict";
import { test } from "node:test";
import { s3BucketRequirePublicAccessBlock as policy } from "../../../policy-pack/policies/exposure/s3BucketRequirePublicAccessBlock";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const ACCOUNT_PAB = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";
const ALL_ON = {
  blockPublicAcls: true,
  blockPublicPolicy: true,
  ignorePublicAcls: true,
  restrictPublicBuckets: true,
};
const missing = (name: string) =>
  `Bucket "${name}" has no public access block: add a BucketPublicAccessBlock with blockPublicAcls, ignorePublicAcls, blockPublicPolicy and restrictPublicBuckets all true.`;
const partial = (name: string) =>
  `Bucket "${name}" has a public access block with a setting off: set blockPublicAcls, ignorePublicAcls, blockPublicPolicy and restrictPublicBuckets all true.`;

test("a bucket with a full BucketPublicAccessBlock passes (by name, and by dependency)", async () => {
  const b = res(BUCKET, "data", { bucket: "rampart-data" });
  assert.deepEqual(
    await validateStack(policy, [b, res(PAB, "pab", { bucket: "rampart-data", ...ALL_ON })]),
    [],
  );
  const v2 = res(BUCKET_V2, "v2", {});
  assert.deepEqual(await validateStack(policy, [v2, res(PAB, "pab", { ...ALL_ON }, [v2])]), []);
});

test("a bucket without a public access block is flagged (Bucket and BucketV2)", async () => {
  const b = res(BUCKET, "data", { bucket: "rampart-data" });
  const v2 = res(BUCKET_V2, "v2", { bucket: "rampart-v2" });
  const other = res(PAB, "other", { bucket: "someone-else", ...ALL_ON });
  assert.deepEqual(await validateStack(policy, [b, v2, other]), [
    { urn: b.urn, message: missing("data") },
    { urn: v2.urn, message: missing("v2") },
  ]);
});

test("a bucket whose public access block has a setting off or unset is flagged", async () => {
  const b = res(BUCKET, "data", { bucket: "rampart-data" });
  assert.deepEqual(
    await validateStack(policy, [
      b,
      res(PAB, "pab", { bucket: "rampart-data", ...ALL_ON, ignorePublicAcls: false }),
    ]),
    [{ urn: b.urn, message: partial("data") }],
  );
  assert.deepEqual(
    await validateStack(policy, [b, res(PAB, "pab", { bucket: "rampart-data", blockPublicAcls: true })]),
    [{ urn: b.urn, message: partial("data") }],
  );
});

test("an AccountPublicAccessBlock with all four on covers every bucket; a partial one does not", async () => {
  const b = res(BUCKET, "data", { bucket: "rampart-data" });
  assert.deepEqual(await validateStack(policy, [b, res(ACCOUNT_PAB, "account", { ...ALL_ON })]), []);
  assert.deepEqual(
    await validateStack(policy, [
      b,
      res(ACCOUNT_PAB, "account", { ...ALL_ON, restrictPublicBuckets: false }),
    ]),
    [{ urn: b.urn, message: missing("data") }],
  );
});

test("unknown values during preview are not flagged and do not throw", async () => {
  const b = res(BUCKET, "data", { bucket: "rampart-data" });
  // The block's target bucket is unknown: it may be this bucket.
  assert.deepEqual(
    await validateStack(policy, [b, res(PAB, "pab", { bucket: UNKNOWN.string, ...ALL_ON })]),
    [],
  );
  // The block is attached, but a setting is unknown.
  assert.deepEqual(
    await validateStack(policy, [
      b,
      res(PAB, "pab", { bucket: "rampart-data", ...ALL_ON, blockPublicPolicy: UNKNOWN.boolean }),
    ]),
    [],
  );
  // An account block with an unknown setting may cover everything.
  assert.deepEqual(
    await validateStack(policy, [
      b,
      res(ACCOUNT_PAB, "account", { ...ALL_ON, blockPublicAcls: UNKNOWN.boolean }),
    ]),
    [],
  );
});

test("a stack without buckets has nothing to flag", async () => {
  assert.deepEqual(await validateStack(policy, []), []);
});

test("an account block managed outside the stack is an explicit opt-out, off by default", async () => {
  const bucketOnly = [{ type: "aws:s3/bucket:Bucket", name: "models", props: { bucket: "models" } }];
  assert.equal((await validateStack(policy, bucketOnly)).length, 1);
  assert.deepEqual(await validateStack(policy, bucketOnly, { accountBlockManagedElsewhere: true }), []);
});

test('a setting of "" is not true: the block counts as partly off, flagged', async () => {
  const b = res(BUCKET, "b", { bucket: "b" });
  assert.deepEqual(
    await validateStack(policy, [b, res(PAB, "pab", { bucket: "b", ...ALL_ON, blockPublicAcls: "" }, [b])]),
    [{ message: partial("b"), urn: b.urn }],
  );
});
