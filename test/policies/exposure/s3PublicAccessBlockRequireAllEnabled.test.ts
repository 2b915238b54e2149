import assert from "node:assert/strict";
import { test } from "node:test";
import { s3PublicAccessBlockRequireAllEnabled as policy } from "../../../policy-pack/policies/exposure/s3PublicAccessBlockRequireAllEnabled";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const BUCKET_PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const ACCOUNT_PAB = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";
const ALL_ON = {
  blockPublicAcls: true,
  blockPublicPolicy: true,
  ignorePublicAcls: true,
  restrictPublicBuckets: true,
};

test("all four settings true pass, on the bucket and the account block", async () => {
  assert.deepEqual(await violations(policy, BUCKET_PAB, { bucket: "b", ...ALL_ON }), []);
  assert.deepEqual(await violations(policy, ACCOUNT_PAB, { ...ALL_ON }), []);
});

test("a setting explicitly false is flagged, naming what it lets through", async () => {
  assert.deepEqual(
    await violations(policy, BUCKET_PAB, { bucket: "b", ...ALL_ON, blockPublicPolicy: false }),
    [
      "Public access block: blockPublicPolicy is false, so public bucket policies are accepted: set blockPublicPolicy: true.",
    ],
  );
  assert.deepEqual(
    await violations(policy, ACCOUNT_PAB, { ...ALL_ON, blockPublicAcls: false, ignorePublicAcls: false }),
    [
      "Account public access block: blockPublicAcls is false, so new public ACLs are accepted: set blockPublicAcls: true.",
      "Account public access block: ignorePublicAcls is false, so existing public ACLs take effect: set ignorePublicAcls: true.",
    ],
  );
});

test("an unset setting is flagged on BucketPublicAccessBlock, where it defaults to false", async () => {
  assert.deepEqual(
    await violations(policy, BUCKET_PAB, {
      bucket: "b",
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
    }),
    [
      "Public access block: restrictPublicBuckets is not set and defaults to false, so public bucket policies take effect: set restrictPublicBuckets: true.",
    ],
  );
});

test("an unset setting is flagged on AccountPublicAccessBlock too (the provider documents the same false default)", async () => {
  assert.deepEqual(await violations(policy, ACCOUNT_PAB, {}), [
    "Account public access block: blockPublicAcls is not set and defaults to false, so new public ACLs are accepted: set blockPublicAcls: true.",
    "Account public access block: ignorePublicAcls is not set and defaults to false, so existing public ACLs take effect: set ignorePublicAcls: true.",
    "Account public access block: blockPublicPolicy is not set and defaults to false, so public bucket policies are accepted: set blockPublicPolicy: true.",
    "Account public access block: restrictPublicBuckets is not set and defaults to false, so public bucket policies take effect: set restrictPublicBuckets: true.",
  ]);
});

test("an unknown setting during preview is an advisory note, not a violation or a throw", async () => {
  const outcome = await validate(policy, {
    type: BUCKET_PAB,
    props: { bucket: "b", ...ALL_ON, restrictPublicBuckets: UNKNOWN.boolean },
  });
  assert.deepEqual(outcome.violations, []);
  assert.match(outcome.unknownRead ?? "", /restrictPublicBuckets/);
});

test("other types are ignored", async () => {
  assert.deepEqual(await violations(policy, "aws:s3/bucket:Bucket", { blockPublicAcls: false }), []);
});
