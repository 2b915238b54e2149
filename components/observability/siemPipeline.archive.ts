import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { SiemArchiveArgs } from "./siemPipeline.args";
import {
  archiveBucketPolicy,
  archiveBucketPrefix,
  archiveLifecycleRules,
  DATA_CLASS_TAG,
  SIEM_PIPELINE_DEFAULTS,
} from "./siemPipeline.logic";

export interface ArchiveInputs {
  readonly namePrefix: string;
  /** The KeyRing's `siem` key. */
  readonly siemKeyArn: pulumi.Input<string>;
  readonly archive: SiemArchiveArgs;
  /** @default true */
  readonly protect?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ArchiveOutputs {
  readonly bucket: aws.s3.Bucket;
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;
}

/**
 * The log archive: an S3 bucket with Object Lock turned on at creation (it cannot be turned on later
 * for a bucket without a token from AWS Support), a default retention, versioning, SSE-KMS with the
 * `siem` key and S3 Bucket Keys, ACLs off, all public access blocked, and lifecycle to Glacier and expiry.
 * Its policy is separate (`createArchivePolicy`): it names the trail, which needs the bucket first.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
 */
export function createArchive(scope: pulumi.Resource, name: string, inputs: ArchiveInputs): ArchiveOutputs {
  const d = SIEM_PIPELINE_DEFAULTS;
  const parent = { parent: scope };
  const tags = { ...inputs.tags, [DATA_CLASS_TAG]: "audit-logs" };
  const bucket = new aws.s3.Bucket(
    `${name}-archive`,
    {
      bucketPrefix: archiveBucketPrefix(inputs.namePrefix),
      objectLockEnabled: true,
      // Never empty a locked archive on delete: COMPLIANCE would refuse anyway, GOVERNANCE must not.
      forceDestroy: false,
      tags: { ...tags, Name: `${name}-archive` },
    },
    { parent: scope, protect: inputs.protect ?? d.protect },
  );
  // The bucket's name is its id; resources below take the name so the export links them to it.
  const bucketName = bucket.bucket;
  const versioning = new aws.s3.BucketVersioning(
    `${name}-archive-versioning`,
    { bucket: bucketName, versioningConfiguration: { status: "Enabled" } },
    parent,
  );
  new aws.s3.BucketObjectLockConfiguration(
    `${name}-archive-object-lock`,
    {
      bucket: bucketName,
      objectLockEnabled: "Enabled",
      rule: {
        defaultRetention: {
          mode: inputs.archive.objectLockMode ?? d.objectLockMode,
          days: inputs.archive.objectLockDays,
        },
      },
    },
    { parent: scope, dependsOn: [versioning] },
  );
  new aws.s3.BucketServerSideEncryptionConfiguration(
    `${name}-archive-encryption`,
    {
      bucket: bucketName,
      rules: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: inputs.siemKeyArn },
          // One data key per bucket and period instead of a KMS call per object (CloudTrail and Config
          // write many small objects). @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
          bucketKeyEnabled: true,
        },
      ],
    },
    parent,
  );
  new aws.s3.BucketOwnershipControls(
    `${name}-archive-ownership`,
    { bucket: bucketName, rule: { objectOwnership: "BucketOwnerEnforced" } },
    parent,
  );
  new aws.s3.BucketPublicAccessBlock(
    `${name}-archive-public-access`,
    {
      bucket: bucketName,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    parent,
  );
  new aws.s3.BucketLifecycleConfiguration(
    `${name}-archive-lifecycle`,
    { bucket: bucketName, rules: archiveLifecycleRules(inputs.archive) },
    { parent: scope, dependsOn: [versioning] },
  );
  return { bucket, bucketName, bucketArn: bucket.arn };
}

export interface ArchivePolicyInputs {
  /** The archive bucket's name. */
  readonly bucket: pulumi.Input<string>;
  readonly accountId: pulumi.Input<string>;
  readonly partition: pulumi.Input<string>;
  /** Our trail's ARN (`trailArn(...)` from the logic, known before the trail). */
  readonly trailArn?: pulumi.Input<string>;
  /** Roles that write under `firehose/` (Firehose's backup role). */
  readonly writerRoleArns: pulumi.Input<string>[];
}

/** The archive's bucket policy (siemPipeline.logic.ts `archiveBucketPolicy`). Trails depend on it. */
export function createArchivePolicy(
  scope: pulumi.Resource,
  name: string,
  inputs: ArchivePolicyInputs,
): aws.s3.BucketPolicy {
  const policy = pulumi
    .all([
      inputs.bucket,
      inputs.accountId,
      inputs.partition,
      inputs.trailArn,
      pulumi.all(inputs.writerRoleArns),
    ])
    .apply(([bucket, accountId, partition, trailArn, writerRoleArns]) =>
      JSON.stringify(
        archiveBucketPolicy({
          partition,
          accountId,
          bucketArn: `arn:${partition}:s3:::${bucket}`,
          trailArn,
          writerRoleArns,
        }),
      ),
    );
  return new aws.s3.BucketPolicy(
    `${name}-archive-policy`,
    { bucket: inputs.bucket, policy },
    { parent: scope },
  );
}
