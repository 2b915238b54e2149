import assert from "node:assert/strict";
import { test } from "node:test";
import { s3BucketRequireEncryption as policy } from "../../../policy-pack/policies/encryption/s3BucketRequireEncryption";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const BUCKET = "aws:s3/bucket:Bucket";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const kmsRule = {
  applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:k" },
  bucketKeyEnabled: true,
};
const models = (props: Record<string, any> = {}) =>
  res(BUCKET, "models", { tags: { "rampart:data-class": "models" }, ...props });
const NONE =
  'S3 bucket "models" declares no default encryption: add a BucketServerSideEncryptionConfiguration with sseAlgorithm "aws:kms".';
const NEEDS_KMS =
  'S3 bucket "models" holds data class "models", which needs our KMS key: set sseAlgorithm "aws:kms" and kmsMasterKeyId.';

test("a bucket with a separate KMS encryption configuration (by dependency) passes", async () => {
  const b = models();
  assert.deepEqual(
    await validateStack(policy, [b, res(SSE, "models-sse", { bucket: "models-id", rules: [kmsRule] }, [b])]),
    [],
  );
});

test("a separate configuration matched by bucket name passes (V2 alias too)", async () => {
  const b = models({ bucket: "rampart-models" });
  const sse = res(
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    "sse",
    { bucket: "rampart-models", rules: [kmsRule] },
  );
  assert.deepEqual(await validateStack(policy, [b, sse]), []);
});

test("inline encryption on Bucket (v7 singular) passes", async () => {
  assert.deepEqual(
    await validateStack(policy, [models({ serverSideEncryptionConfiguration: { rule: kmsRule } })]),
    [],
  );
});

test("inline encryption on BucketV2 (plural lists) passes", async () => {
  const v2 = res("aws:s3/bucketV2:BucketV2", "models", {
    tags: { "rampart:data-class": "models" },
    serverSideEncryptionConfigurations: [
      {
        rules: [
          { applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:k" }] },
        ],
      },
    ],
  });
  assert.deepEqual(await validateStack(policy, [v2]), []);
});

test("a bucket with no encryption configuration is flagged", async () => {
  const b = models();
  assert.deepEqual(await validateStack(policy, [b]), [{ urn: b.urn, message: NONE }]);
});

test("a configuration for another bucket does not count", async () => {
  const b = models({ bucket: "rampart-models" });
  const other = res(SSE, "other-sse", { bucket: "rampart-other", rules: [kmsRule] });
  assert.deepEqual(await validateStack(policy, [b, other]), [{ urn: b.urn, message: NONE }]);
});

test("SSE-S3 (AES256) on a models bucket is flagged", async () => {
  const b = models({
    serverSideEncryptionConfiguration: {
      rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    },
  });
  assert.deepEqual(await validateStack(policy, [b]), [{ urn: b.urn, message: NEEDS_KMS }]);
});

test("aws:kms without a key (the AWS-managed aws/s3 key) on a models bucket is flagged", async () => {
  const b = models();
  const sse = res(
    SSE,
    "sse",
    { bucket: "x", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] },
    [b],
  );
  assert.deepEqual(await validateStack(policy, [b, sse]), [{ urn: b.urn, message: NEEDS_KMS }]);
});

test("SSE-S3 on a bucket of a class that does not need KMS passes; the class list is configurable", async () => {
  const b = res(BUCKET, "cache", {
    tags: { "rampart:data-class": "cache" },
    serverSideEncryptionConfiguration: {
      rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    },
  });
  assert.deepEqual(await validateStack(policy, [b]), []);
  assert.equal((await validateStack(policy, [b], { kmsDataClasses: ["cache"] })).length, 1);
});

test("a configuration whose bucket is unknown says nothing", async () => {
  const b = models();
  assert.deepEqual(
    await validateStack(policy, [b, res(SSE, "sse", { bucket: UNKNOWN.string, rules: [kmsRule] })]),
    [],
  );
});

test('empty strings: a kmsMasterKeyId or sseAlgorithm of "" does not give a models bucket our key: flagged', async () => {
  for (const byDefault of [
    { sseAlgorithm: "aws:kms", kmsMasterKeyId: "" },
    { sseAlgorithm: "", kmsMasterKeyId: "arn:k" },
  ]) {
    const bucket = models();
    assert.deepEqual(
      await validateStack(policy, [
        bucket,
        res(SSE, "sse", { bucket: "models-id", rules: [{ applyServerSideEncryptionByDefault: byDefault }] }, [
          bucket,
        ]),
      ]),
      [{ message: NEEDS_KMS, urn: bucket.urn }],
    );
  }
});
