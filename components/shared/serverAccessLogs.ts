import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { denyInsecureTransport } from "./bucketPolicy";

/**
 * S3 server access logs of a protected bucket (the SIEM archive, the model store): who read, listed,
 * wrote or tried to delete its objects. S3 refuses a bucket with Object Lock as a log target, and server
 * access logging supports only SSE-S3 as the target's default encryption (not SSE-KMS), so the logs go
 * to a bucket of their own: SSE-S3, ACLs off, public access blocked, TLS only, written only by the S3
 * logging service for the source bucket in our account, under `<prefix>/`, expiring after the given days.
 * Children: `<base>-access-logs`, `-sse`, `-ownership`, `-public-access`, `-lifecycle`, `-policy`, and
 * `<base>-access-logging` (the source bucket's BucketLogging).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html#server-access-logging-overview
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshooting-server-access-logging.html
 *   ("You can use default bucket encryption on the target bucket only if you use server-side encryption
 *   with Amazon S3 managed keys (SSE-S3). Default server-side encryption with AWS KMS keys (SSE-KMS) is
 *   not supported for server access logging target buckets.")
 */
export interface ServerAccessLogInputs {
  /** The log bucket's global name prefix. */
  readonly bucketPrefix: string;
  readonly sourceBucketName: pulumi.Input<string>;
  readonly sourceBucketArn: pulumi.Input<string>;
  /** Key prefix of the logs in the log bucket, without slashes (`archive`, `models`). */
  readonly logPrefix: string;
  readonly expireAfterDays: number;
  readonly protect: boolean;
  /** Tags of the log bucket (`Name` defaults to `<base>-access-logs`). */
  readonly tags: Readonly<Record<string, string>>;
}

/** The access-log bucket's policy (pure). */
export function accessLogBucketPolicy(c: {
  bucketArn: string;
  sourceBucketArn: string;
  accountId: string;
  /** Key prefix without slashes. */
  logPrefix: string;
}) {
  return {
    Version: "2012-10-17",
    Statement: [
      denyInsecureTransport(c.bucketArn),
      {
        // @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html#grant-log-delivery-permissions-general
        Sid: "S3ServerAccessLogsFromTheSource",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${c.bucketArn}/${c.logPrefix}/*`,
        Condition: {
          ArnLike: { "aws:SourceArn": c.sourceBucketArn },
          StringEquals: { "aws:SourceAccount": c.accountId },
        },
      },
    ],
  };
}

export function createServerAccessLogs(
  scope: pulumi.Resource,
  base: string,
  i: ServerAccessLogInputs,
): aws.s3.Bucket {
  const parent = { parent: scope };
  const logs = `${base}-access-logs`;
  const bucket = new aws.s3.Bucket(
    logs,
    { bucketPrefix: i.bucketPrefix, tags: { Name: logs, ...i.tags } },
    { ...parent, protect: i.protect },
  );
  new aws.s3.BucketServerSideEncryptionConfiguration(
    `${logs}-sse`,
    { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
    parent,
  );
  new aws.s3.BucketOwnershipControls(
    `${logs}-ownership`,
    { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
    parent,
  );
  new aws.s3.BucketPublicAccessBlock(
    `${logs}-public-access`,
    {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    parent,
  );
  new aws.s3.BucketLifecycleConfiguration(
    `${logs}-lifecycle`,
    {
      bucket: bucket.id,
      rules: [
        {
          id: "expire",
          status: "Enabled",
          filter: {},
          expiration: { days: i.expireAfterDays },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ],
    },
    parent,
  );
  const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
  const policy = new aws.s3.BucketPolicy(
    `${logs}-policy`,
    {
      bucket: bucket.id,
      policy: pulumi
        .all([bucket.arn, i.sourceBucketArn, accountId])
        .apply(([bucketArn, sourceBucketArn, account]) =>
          JSON.stringify(
            accessLogBucketPolicy({ bucketArn, sourceBucketArn, accountId: account, logPrefix: i.logPrefix }),
          ),
        ),
    },
    parent,
  );
  new aws.s3.BucketLogging(
    `${base}-access-logging`,
    { bucket: i.sourceBucketName, targetBucket: bucket.id, targetPrefix: `${i.logPrefix}/` },
    { parent: scope, dependsOn: [policy] },
  );
  return bucket;
}
