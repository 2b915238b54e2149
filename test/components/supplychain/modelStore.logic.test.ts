import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { formatProblem } from "../../../components/shared/problems";
import { SUPPLY_CHAIN_DEFAULTS, modelBucketPrefix } from "../../../components/supplychain/supplyChain.args";
import {
  modelAccessLogBucketPrefix,
  modelStoreNamePrefixProblem,
  modelBucketPolicy,
  modelStoreLifecycleRules,
  validateModelStoreArgs,
} from "../../../components/supplychain/supplyChain.modelStore.logic";
import { validateSupplyChainArgs } from "../../../components/supplychain/supplyChain.validate";

const ACCOUNT = "123456789012";
const WRITER = `arn:aws:iam::${ACCOUNT}:role/rampart-prod-access-model-management`;
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/models`;
const good = () => ({
  objectLock: { mode: "COMPLIANCE" as const, days: 30 },
  noncurrentVersionDays: 365,
  accessLogRetentionDays: 365,
  writerRoleArns: [WRITER],
});
const lines = (args: unknown) =>
  validateModelStoreArgs(args as Parameters<typeof validateModelStoreArgs>[0]).map((p) => formatProblem(p));

test("valid arguments have no problem; noncurrentVersionDays may be left to its default", () => {
  assert.deepEqual(lines(good()), []);
  const { noncurrentVersionDays: _, ...rest } = good();
  assert.deepEqual(lines(rest), []);
});

test("each bad field is named with its value and the fix, all at once", () => {
  assert.deepEqual(
    lines({
      objectLock: { mode: "LEGAL_HOLD", days: 0 },
      noncurrentVersionDays: 1.5,
      accessLogRetentionDays: -1,
      writerRoleArns: ["arn:aws:iam::123:user/bob"],
    }),
    [
      'objectLock.mode: "LEGAL_HOLD" is not an Object Lock mode (expected "COMPLIANCE" or "GOVERNANCE")',
      "objectLock.days: 0 is not a retention S3 accepts (expected a whole number of days from 1 to 36500)",
      "noncurrentVersionDays: 1.5 is not a number of days (expected a whole number from 1 to 36500)",
      "accessLogRetentionDays: -1 is not a number of days (expected a whole number from 1 to 36500)",
      'writerRoleArns[0]: "arn:aws:iam::123:user/bob" is not an IAM role ARN (expected "arn:aws:iam::<account>:role/<name>")',
    ],
  );
});

test("noncurrentVersionDays shorter than the lock is refused (the lock outlives it)", () => {
  assert.deepEqual(lines({ ...good(), objectLock: { mode: "GOVERNANCE", days: 400 } }), [
    "noncurrentVersionDays: 365 is shorter than objectLock.days (400): a replaced version stays locked that long, so the lifecycle could not expire it earlier and rollback needs it (expected at least 400)",
  ]);
  // The default (365) is checked too when the lock is longer.
  const { noncurrentVersionDays: _, ...rest } = good();
  assert.deepEqual(lines({ ...rest, objectLock: { mode: "COMPLIANCE", days: 400 } }), [
    "noncurrentVersionDays: missing defaults to 365, shorter than objectLock.days (400): a replaced version stays locked that long (expected at least 400)",
  ]);
});

test("a missing objectLock is one problem, not a throw", () => {
  const { objectLock: _, ...rest } = good();
  assert.deepEqual(lines(rest), [
    'objectLock: missing is required (expected { mode: "COMPLIANCE" | "GOVERNANCE", days: N })',
  ]);
});

test("writer ARNs that are Outputs are left to IAM", () => {
  assert.deepEqual(lines({ ...good(), writerRoleArns: [{ not: "a string" }] }), []);
});

test("validateSupplyChainArgs reports model store problems under modelStore", () => {
  const problems = validateSupplyChainArgs({
    namePrefix: "rampart-prod",
    stack: "prod",
    modelsKeyArn: KEY,
    registry: { repositories: ["vllm"] },
    modelStore: { ...good(), accessLogRetentionDays: 0 },
  });
  assert.ok(problems.some((p) => p.path.join(".") === "modelStore.accessLogRetentionDays"));
});

test("property: any lock and noncurrent days from 1 to 36500 is valid exactly when noncurrent >= lock", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 36500 }), fc.integer({ min: 1, max: 36500 }), (lock, nc) => {
      const problems = lines({
        ...good(),
        objectLock: { mode: "COMPLIANCE", days: lock },
        noncurrentVersionDays: nc,
      });
      assert.equal(problems.length === 0, nc >= lock);
    }),
  );
});

test("lifecycle: replaced versions expire, uploads are aborted, current versions never expire", () => {
  assert.deepEqual(modelStoreLifecycleRules({ noncurrentVersionDays: 400 }), [
    {
      id: "model-versions",
      status: "Enabled",
      filter: {},
      noncurrentVersionExpiration: { noncurrentDays: 400 },
      abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    },
  ]);
  assert.equal(
    modelStoreLifecycleRules({})[0]!.noncurrentVersionExpiration.noncurrentDays,
    SUPPLY_CHAIN_DEFAULTS.noncurrentVersionDays,
  );
  assert.ok(!("expiration" in modelStoreLifecycleRules({})[0]!));
});

test("the access-log bucket is outside model-management's <namePrefix>-models-* grant", () => {
  assert.equal(modelAccessLogBucketPrefix("rampart-prod"), "rampart-prod-model-logs-");
  assert.ok(!modelAccessLogBucketPrefix("rampart-prod").startsWith(modelBucketPrefix("rampart-prod")));
});

const BUCKET = "arn:aws:s3:::rampart-prod-models-abc";
const ctx = {
  partition: "aws",
  accountId: ACCOUNT,
  bucketArn: BUCKET,
  modelsKeyArn: KEY,
  namePrefix: "rampart-prod",
  writerRoleArns: [WRITER],
};

test("the bucket policy: only Deny statements, TLS, SSE-KMS with the models key, writers, readers", () => {
  assert.deepEqual(modelBucketPolicy(ctx), {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [BUCKET, `${BUCKET}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        Sid: "DenyOtherEncryption",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: `${BUCKET}/*`,
        Condition: {
          Null: { "s3:x-amz-server-side-encryption": "false" },
          StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
        },
      },
      {
        Sid: "DenyOtherKmsKey",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: `${BUCKET}/*`,
        Condition: {
          Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
          StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": KEY },
        },
      },
      {
        Sid: "DenyWritesExceptWriters",
        Effect: "Deny",
        Principal: "*",
        Action: ["s3:PutObject*", "s3:DeleteObject*", "s3:BypassGovernanceRetention"],
        Resource: `${BUCKET}/*`,
        Condition: { ArnNotLike: { "aws:PrincipalArn": [WRITER] } },
      },
      {
        Sid: "DenyReadsExceptWritersModelServersAndBackup",
        Effect: "Deny",
        Principal: "*",
        Action: ["s3:GetObject*"],
        Resource: `${BUCKET}/*`,
        Condition: {
          ArnNotLike: {
            "aws:PrincipalArn": [
              WRITER,
              `arn:aws:iam::${ACCOUNT}:role/rampart-prod-model-*`,
              `arn:aws:iam::${ACCOUNT}:role/rampart-prod-backup`,
            ],
          },
        },
      },
    ],
  });
});

test("without writers every object write is denied (no empty condition list, which IAM refuses)", () => {
  const writes = modelBucketPolicy({ ...ctx, writerRoleArns: [] }).Statement.find(
    (s) => s.Sid === "DenyWritesExceptWriters",
  )!;
  assert.equal(writes.Condition, undefined);
});

test("the partition follows the context (GovCloud)", () => {
  const reads = modelBucketPolicy({ ...ctx, partition: "aws-us-gov" }).Statement.at(-1)!;
  assert.match(JSON.stringify(reads.Condition), /arn:aws-us-gov:iam::123456789012:role\/rampart-prod-backup/);
});

test("namePrefix: up to 25 lowercase characters fit both bucket prefixes", () => {
  assert.equal(modelStoreNamePrefixProblem("rampart-prod"), undefined);
  assert.equal(modelStoreNamePrefixProblem("a".repeat(25)), undefined);
  assert.equal(
    modelStoreNamePrefixProblem("a".repeat(26)),
    'cannot prefix the model store\'s bucket names (expected lowercase letters, digits, "." or "-", at most 25 characters: "aaaaaaaaaaaaaaaaaaaaaaaaaa-model-logs-" must fit S3\'s bucketPrefix of 37)',
  );
  assert.match(modelStoreNamePrefixProblem("Rampart-Prod") ?? "", /lowercase/);
});
