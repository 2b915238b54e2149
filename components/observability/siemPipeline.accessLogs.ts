import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DATA_CLASS_TAG } from "./siemPipeline.logic";

/**
 * Server access logs of the archive: who read, listed or tried to delete the audit trail. S3 refuses a
 * bucket with Object Lock as a log target, and server access logs support only SSE-S3 on the target, so
 * they go to a bucket of their own: SSE-S3, ACLs off, public access blocked, TLS only, written only by
 * the S3 logging service for our archive in our account, expiring with the audit window.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html#server-access-logging-overview
 */
export interface ArchiveAccessLogInputs {
  readonly namePrefix: string;
  readonly archiveBucketName: pulumi.Input<string>;
  readonly archiveBucketArn: pulumi.Input<string>;
  readonly expireAfterDays: number;
  readonly protect: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}

/** The access-log bucket's policy (pure). */
export function accessLogBucketPolicy(c: { bucketArn: string; sourceBucketArn: string; accountId: string }) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [c.bucketArn, `${c.bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        Sid: "S3ServerAccessLogsFromTheArchive",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${c.bucketArn}/archive/*`,
        Condition: {
          ArnLike: { "aws:SourceArn": c.sourceBucketArn },
          StringEquals: { "aws:SourceAccount": c.accountId },
        },
      },
    ],
  };
}

export function createArchiveAccessLogs(
  scope: pulumi.Resource,
  name: string,
  i: ArchiveAccessLogInputs,
): aws.s3.Bucket {
  const parent = { parent: scope };
  const bucket = new aws.s3.Bucket(
    `${name}-archive-access-logs`,
    {
      bucketPrefix: `${i.namePrefix}-archive-logs-`,
      tags: { ...i.tags, Name: `${i.namePrefix}-archive-access-logs`, [DATA_CLASS_TAG]: "access-logs" },
    },
    { ...parent, protect: i.protect },
  );
  new aws.s3.BucketServerSideEncryptionConfiguration(
    `${name}-archive-access-logs-sse`,
    { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
    parent,
  );
  new aws.s3.BucketOwnershipControls(
    `${name}-archive-access-logs-ownership`,
    { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
    parent,
  );
  new aws.s3.BucketPublicAccessBlock(
    `${name}-archive-access-logs-public-access`,
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
    `${name}-archive-access-logs-lifecycle`,
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
    `${name}-archive-access-logs-policy`,
    {
      bucket: bucket.id,
      policy: pulumi
        .all([bucket.arn, i.archiveBucketArn, accountId])
        .apply(([bucketArn, sourceBucketArn, account]) =>
          JSON.stringify(accessLogBucketPolicy({ bucketArn, sourceBucketArn, accountId: account })),
        ),
    },
    parent,
  );
  new aws.s3.BucketLogging(
    `${name}-archive-access-logging`,
    { bucket: i.archiveBucketName, targetBucket: bucket.id, targetPrefix: "archive/" },
    { parent: scope, dependsOn: [policy] },
  );
  return bucket;
}
