import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import {
  createModelStore,
  type ModelStoreOutputs,
} from "../../../components/supplychain/supplyChain.modelStore";
import { type Captured, json, plain, runComponent, unwrap } from "../../helpers/harness";

class TestScope extends pulumi.ComponentResource {
  constructor(name: string) {
    super("test:supplychain:Scope", name, {}, {});
  }
}

const ACCOUNT = "123456789012";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/models`;
const WRITER = `arn:aws:iam::${ACCOUNT}:role/rampart-prod-access-model-management`;

describe("createModelStore under mocks", () => {
  let run: Captured;
  let outputs: Record<string, unknown>;
  before(async () => {
    run = await runComponent(async () => {
      const scope = new TestScope("sc");
      const store: ModelStoreOutputs = createModelStore(scope, "sc", {
        namePrefix: "rampart-prod",
        modelsKeyArn: KEY,
        objectLock: { mode: "COMPLIANCE", days: 30 },
        noncurrentVersionDays: 400,
        accessLogRetentionDays: 365,
        writerRoleArns: [pulumi.output(WRITER)],
        protect: true,
        tags: { team: "ml" },
      });
      outputs = {
        bucketName: await unwrap(store.bucketName),
        bucketArn: await unwrap(store.bucketArn),
        accessLogBucketName: await unwrap(store.accessLogBucketName),
      };
    });
  });
  const byName = (name: string) => plain<Record<string, any>>(run.named(name).inputs);

  test("exactly the store's resources, all children of the parent, named sc-models*", () => {
    assert.deepEqual(
      run
        .childrenOf(run.one("test:supplychain:Scope"))
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
      [
        "aws:s3/bucket:Bucket sc-models",
        "aws:s3/bucket:Bucket sc-models-access-logs",
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration sc-models-access-logs-lifecycle",
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration sc-models-lifecycle",
        "aws:s3/bucketLogging:BucketLogging sc-models-access-logging",
        "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration sc-models-object-lock",
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls sc-models-access-logs-ownership",
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls sc-models-ownership",
        "aws:s3/bucketPolicy:BucketPolicy sc-models-access-logs-policy",
        "aws:s3/bucketPolicy:BucketPolicy sc-models-policy",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock sc-models-access-logs-public-access",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock sc-models-public-access",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration sc-models-access-logs-sse",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration sc-models-encryption",
        "aws:s3/bucketVersioning:BucketVersioning sc-models-versioning",
      ],
    );
  });

  test("the bucket: Object Lock at creation, models prefix, data and backup class tags, protected", () => {
    const bucket = run.named("sc-models");
    assert.deepEqual(plain(bucket.inputs), {
      bucketPrefix: "rampart-prod-models-",
      objectLockEnabled: true,
      forceDestroy: false,
      tags: {
        team: "ml",
        "rampart:data-class": "models",
        "rampart:backup-class": "models",
        Name: "sc-models",
      },
    });
    assert.equal(bucket.protect, true);
  });

  test("versioning Enabled; default retention COMPLIANCE 30 days, after versioning", () => {
    assert.deepEqual(byName("sc-models-versioning").versioningConfiguration, { status: "Enabled" });
    const lock = run.named("sc-models-object-lock");
    assert.deepEqual(plain(lock.inputs.rule), { defaultRetention: { mode: "COMPLIANCE", days: 30 } });
    assert.equal(plain(lock.inputs.objectLockEnabled), "Enabled");
    assert.ok(lock.dependencies.includes(run.named("sc-models-versioning").urn));
  });

  test("SSE-KMS with the models key and Bucket Keys; ACLs off; all public access blocked", () => {
    assert.deepEqual(byName("sc-models-encryption").rules, [
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY },
        bucketKeyEnabled: true,
      },
    ]);
    assert.deepEqual(byName("sc-models-ownership").rule, { objectOwnership: "BucketOwnerEnforced" });
    const pab = byName("sc-models-public-access");
    for (const k of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"])
      assert.equal(pab[k], true, k);
  });

  test("lifecycle: noncurrent versions after 400 days, uploads aborted after 7", () => {
    assert.deepEqual(byName("sc-models-lifecycle").rules, [
      {
        id: "model-versions",
        status: "Enabled",
        filter: {},
        noncurrentVersionExpiration: { noncurrentDays: 400 },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      },
    ]);
  });

  test("access logs: SSE-S3 bucket outside the models prefix, written by S3 logging for this bucket only", () => {
    const logs = run.named("sc-models-access-logs");
    assert.deepEqual(plain(logs.inputs), {
      bucketPrefix: "rampart-prod-model-logs-",
      tags: { team: "ml", "rampart:data-class": "access-logs", Name: "sc-models-access-logs" },
    });
    assert.equal(logs.protect, true);
    assert.deepEqual(byName("sc-models-access-logs-sse").rules, [
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    ]);
    assert.deepEqual(byName("sc-models-access-logs-lifecycle").rules[0].expiration, { days: 365 });
    const logging = byName("sc-models-access-logging");
    assert.equal(logging.bucket, "rampart-prod-models-20261202000000000000000001");
    assert.equal(logging.targetBucket, "sc-models-access-logs-id");
    assert.equal(logging.targetPrefix, "models/");
    const policy = json(run.named("sc-models-access-logs-policy").inputs.policy);
    assert.deepEqual(policy.Statement[1].Condition, {
      ArnLike: { "aws:SourceArn": "arn:aws:s3:::rampart-prod-models-20261202000000000000000001" },
      StringEquals: { "aws:SourceAccount": ACCOUNT },
    });
    assert.equal(
      policy.Statement[1].Resource,
      "arn:aws:s3:::rampart-prod-model-logs-20261202000000000000000001/models/*",
    );
  });

  test("the bucket policy is the logic's, resolved with the account, the key and the writers", () => {
    const policy = json(run.named("sc-models-policy").inputs.policy);
    assert.deepEqual(
      policy.Statement.map((s: { Sid: string }) => s.Sid),
      [
        "DenyInsecureTransport",
        "DenyOtherEncryption",
        "DenyOtherKmsKey",
        "DenyWritesExceptWriters",
        "DenyReadsExceptWritersModelServersAndBackup",
      ],
    );
    assert.deepEqual(policy.Statement[3].Condition, { ArnNotLike: { "aws:PrincipalArn": [WRITER] } });
    assert.equal(
      policy.Statement[2].Condition.StringNotEquals["s3:x-amz-server-side-encryption-aws-kms-key-id"],
      KEY,
    );
    assert.equal(byName("sc-models-policy").bucket, "rampart-prod-models-20261202000000000000000001");
  });

  test("outputs: bucket name and ARN, access-log bucket name", () => {
    assert.deepEqual(outputs, {
      bucketName: "rampart-prod-models-20261202000000000000000001",
      bucketArn: "arn:aws:s3:::rampart-prod-models-20261202000000000000000001",
      accessLogBucketName: "rampart-prod-model-logs-20261202000000000000000001",
    });
  });
});
