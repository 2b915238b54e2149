import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createLockedBucket } from "../shared/lockedBucket";
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
 * The log archive: a locked bucket (components/shared/lockedBucket.ts: Object Lock at creation, a default
 * retention, versioning, SSE-KMS with S3 Bucket Keys, ACLs off, all public access blocked) with the `siem`
 * key and lifecycle to Glacier and expiry.
 * Its policy is separate (`createArchivePolicy`): it names the trail, which needs the bucket first.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
 */
export function createArchive(scope: pulumi.Resource, name: string, inputs: ArchiveInputs): ArchiveOutputs {
  const d = SIEM_PIPELINE_DEFAULTS;
  return createLockedBucket(scope, `${name}-archive`, {
    bucketPrefix: archiveBucketPrefix(inputs.namePrefix),
    kmsKeyArn: inputs.siemKeyArn,
    objectLock: {
      mode: inputs.archive.objectLockMode ?? d.objectLockMode,
      days: inputs.archive.objectLockDays,
    },
    lifecycleRules: archiveLifecycleRules(inputs.archive),
    protect: inputs.protect ?? d.protect,
    tags: { ...inputs.tags, [DATA_CLASS_TAG]: "audit-logs" },
  });
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
