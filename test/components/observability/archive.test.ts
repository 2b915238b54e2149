import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { createArchive, createArchivePolicy } from "../../../components/observability/siemPipeline.archive";
import { trailArn } from "../../../components/observability/siemPipeline.logic";
import { type Captured, json, plain, runComponent } from "../../helpers/harness";
import { TestScope } from "./scope";

const ACCOUNT = "123456789012";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/siem`;
const TRAIL = trailArn({
  partition: "aws",
  region: "us-east-1",
  accountId: ACCOUNT,
  name: "rampart-prod-trail",
});
const WRITER = `arn:aws:iam::${ACCOUNT}:role/firehose-backup`;

describe("createArchive and createArchivePolicy under mocks", () => {
  let run: Captured;
  before(async () => {
    run = await runComponent(() => {
      const scope = new TestScope("siem");
      const archive = createArchive(scope, "siem", {
        namePrefix: "rampart-prod",
        siemKeyArn: KEY,
        archive: { objectLockDays: 365, expireAfterDays: 2557 },
        protect: true,
        tags: { team: "sec" },
      });
      createArchivePolicy(scope, "siem", {
        bucket: archive.bucketName,
        accountId: ACCOUNT,
        partition: "aws",
        trailArn: TRAIL,
        writerRoleArns: [WRITER],
      });
    });
  });
  const inputs = (type: string) => plain<Record<string, any>>(run.one(type).inputs);

  test("exactly the archive's resources, all children of the scope, named siem-archive-*", () => {
    const scope = run.one("test:observability:Scope");
    assert.deepEqual(
      run
        .childrenOf(scope)
        .map((r) => [r.type, r.name])
        .sort((a, b) => a[1]!.localeCompare(b[1]!)),
      [
        ["aws:s3/bucket:Bucket", "siem-archive"],
        ["aws:s3/bucketVersioning:BucketVersioning", "siem-archive-versioning"],
        ["aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "siem-archive-object-lock"],
        [
          "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
          "siem-archive-encryption",
        ],
        ["aws:s3/bucketOwnershipControls:BucketOwnershipControls", "siem-archive-ownership"],
        ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "siem-archive-public-access"],
        ["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "siem-archive-lifecycle"],
        ["aws:s3/bucketPolicy:BucketPolicy", "siem-archive-policy"],
      ].sort((a, b) => a[1]!.localeCompare(b[1]!)),
    );
  });

  test("the bucket: Object Lock at creation, global name under namePrefix, audit-logs class, protected", () => {
    const bucket = run.one("aws:s3/bucket:Bucket");
    const i = plain<Record<string, any>>(bucket.inputs);
    assert.equal(i.objectLockEnabled, true);
    assert.equal(i.forceDestroy, false);
    assert.equal(i.bucketPrefix, "rampart-prod-archive-");
    assert.deepEqual(i.tags, { team: "sec", "rampart:data-class": "audit-logs", Name: "siem-archive" });
    assert.equal(bucket.protect, true);
  });

  test("default retention COMPLIANCE for the configured days, after versioning", () => {
    const lock = run.one("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration");
    assert.deepEqual(plain(lock.inputs.rule), { defaultRetention: { mode: "COMPLIANCE", days: 365 } });
    assert.equal(plain(lock.inputs.objectLockEnabled), "Enabled");
    assert.ok(lock.dependencies.includes(run.named("siem-archive-versioning").urn));
    assert.deepEqual(inputs("aws:s3/bucketVersioning:BucketVersioning").versioningConfiguration, {
      status: "Enabled",
    });
  });

  test("SSE-KMS with the siem key and bucket keys; ACLs off; all public access blocked", () => {
    assert.deepEqual(
      inputs("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").rules,
      [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY },
          bucketKeyEnabled: true,
        },
      ],
    );
    assert.deepEqual(inputs("aws:s3/bucketOwnershipControls:BucketOwnershipControls").rule, {
      objectOwnership: "BucketOwnerEnforced",
    });
    const pab = inputs("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
    for (const k of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"])
      assert.equal(pab[k], true, k);
  });

  test("every bucket sub-resource and the policy name the bucket by its name (what the export links on)", () => {
    const name = run.one("aws:s3/bucket:Bucket").outputs.bucket;
    for (const r of run.registered.filter(
      (x) => x.type.startsWith("aws:s3/bucket") && x.type !== "aws:s3/bucket:Bucket",
    ))
      assert.equal(plain(r.inputs.bucket), name, r.name);
  });

  test("lifecycle: Glacier at 90 days, expiry at the retention window", () => {
    const [rule] = inputs("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").rules;
    assert.deepEqual(rule.transitions, [{ days: 90, storageClass: "GLACIER" }]);
    assert.deepEqual(rule.expiration, { days: 2557 });
  });

  test("the policy names our trail, Config's prefix and the writer role", () => {
    const doc = json(run.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
    const bucketArn = `arn:aws:s3:::${String(run.one("aws:s3/bucket:Bucket").outputs.bucket)}`;
    const byId = Object.fromEntries(doc.Statement.map((s: any) => [s.Sid, s]));
    assert.equal(byId.CloudTrailWrite.Condition.StringEquals["aws:SourceArn"], TRAIL);
    assert.equal(byId.CloudTrailWrite.Resource, `${bucketArn}/cloudtrail/AWSLogs/${ACCOUNT}/*`);
    assert.equal(byId.ConfigWrite.Resource, `${bucketArn}/config/AWSLogs/${ACCOUNT}/Config/*`);
    assert.deepEqual(byId.WritersPutUnderTheirPrefix.Principal, { AWS: [WRITER] });
    assert.deepEqual(byId.DenyInsecureTransport.Resource, [bucketArn, `${bucketArn}/*`]);
  });
});

describe("createArchive options", () => {
  test("GOVERNANCE and unprotected when asked (stacks that must be destroyable)", async () => {
    const run = await runComponent(() =>
      createArchive(new TestScope("s"), "s", {
        namePrefix: "rampart-dev",
        siemKeyArn: KEY,
        archive: { objectLockMode: "GOVERNANCE", objectLockDays: 7, expireAfterDays: 30 },
        protect: false,
      }),
    );
    assert.equal(run.one("aws:s3/bucket:Bucket").protect, false);
    const lock = run.one("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration");
    assert.deepEqual(plain(lock.inputs.rule), { defaultRetention: { mode: "GOVERNANCE", days: 7 } });
    const [rule] = plain<any>(
      run.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs,
    ).rules;
    assert.equal(rule.transitions, undefined, "expires before a Glacier transition would pay off");
  });
});
