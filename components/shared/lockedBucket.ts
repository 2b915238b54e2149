import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

/**
 * A write-once S3 bucket, shared by the SIEM archive and the model store: Object Lock turned on at
 * creation (it cannot be turned on later for a bucket without a token from AWS Support), versioning,
 * a default retention, SSE-KMS with S3 Bucket Keys, ACLs off, all public access blocked, and the caller's
 * lifecycle rules. Children are named `<base>`, `<base>-versioning`, `<base>-object-lock`,
 * `<base>-encryption`, `<base>-ownership`, `<base>-public-access`, `<base>-lifecycle`.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 */
export interface LockedBucketInputs {
  /** The bucket's global name prefix (Pulumi adds 26 random characters; at most 37 characters). */
  readonly bucketPrefix: string;
  /** The customer-managed KMS key every object is encrypted with by default. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Object Lock default retention of every new object version. */
  readonly objectLock: { readonly mode: "GOVERNANCE" | "COMPLIANCE"; readonly days: number };
  readonly lifecycleRules: pulumi.Input<aws.types.input.s3.BucketLifecycleConfigurationRule[]>;
  readonly protect: boolean;
  /** Tags of the bucket (`Name` is added: `<base>`). */
  readonly tags: Readonly<Record<string, string>>;
}

export interface LockedBucket {
  readonly bucket: aws.s3.Bucket;
  /** The bucket's name (its id): resources attached to it take the name so the export links them to it. */
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;
}

export function createLockedBucket(
  scope: pulumi.Resource,
  base: string,
  inputs: LockedBucketInputs,
): LockedBucket {
  const parent = { parent: scope };
  const bucket = new aws.s3.Bucket(
    base,
    {
      bucketPrefix: inputs.bucketPrefix,
      objectLockEnabled: true,
      // Never empty a locked bucket on delete: COMPLIANCE would refuse anyway, GOVERNANCE must not.
      forceDestroy: false,
      tags: { ...inputs.tags, Name: base },
    },
    { parent: scope, protect: inputs.protect },
  );
  const bucketName = bucket.bucket;
  const versioning = new aws.s3.BucketVersioning(
    `${base}-versioning`,
    { bucket: bucketName, versioningConfiguration: { status: "Enabled" } },
    parent,
  );
  new aws.s3.BucketObjectLockConfiguration(
    `${base}-object-lock`,
    {
      bucket: bucketName,
      objectLockEnabled: "Enabled",
      rule: { defaultRetention: { mode: inputs.objectLock.mode, days: inputs.objectLock.days } },
    },
    { parent: scope, dependsOn: [versioning] },
  );
  new aws.s3.BucketServerSideEncryptionConfiguration(
    `${base}-encryption`,
    {
      bucket: bucketName,
      rules: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: inputs.kmsKeyArn },
          // One data key per bucket and period instead of a KMS call per object.
          // @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
          bucketKeyEnabled: true,
        },
      ],
    },
    parent,
  );
  new aws.s3.BucketOwnershipControls(
    `${base}-ownership`,
    { bucket: bucketName, rule: { objectOwnership: "BucketOwnerEnforced" } },
    parent,
  );
  new aws.s3.BucketPublicAccessBlock(
    `${base}-public-access`,
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
    `${base}-lifecycle`,
    { bucket: bucketName, rules: inputs.lifecycleRules },
    { parent: scope, dependsOn: [versioning] },
  );
  return { bucket, bucketName, bucketArn: bucket.arn };
}
