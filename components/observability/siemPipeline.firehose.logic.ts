import type { PolicyDoc } from "./siemPipeline.search.logic";
import { LOG_INDEX_PREFIXES } from "./siemPipeline.search.logic";
import { ARCHIVE_PREFIXES } from "./siemPipeline.logic";

/**
 * Pure logic of the SIEM's Firehose streams: names, the delivery role's trust and permissions. No
 * Pulumi runtime: tests call it directly.
 * @see https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-es-vpc
 */

export const STREAMS = ["shipper", "cloudwatch"] as const;
export type StreamRole = (typeof STREAMS)[number];

/** `<namePrefix>-siem-<role>`. */
export const streamName = (namePrefix: string, role: StreamRole): string => `${namePrefix}-siem-${role}`;

/** Where failed documents land in the archive bucket: `opensearch-failed/<stream role>/`. */
export const BACKUP_PREFIX = `${ARCHIVE_PREFIXES.firehose}/`;
export const backupPrefix = (role: StreamRole): string => `${BACKUP_PREFIX}${role}/`;

/** The log group of Firehose's delivery errors. */
export const firehoseLogGroupName = (logGroupPrefix: string): string => `${logGroupPrefix}siem/firehose`;

/**
 * Firehose assumes the delivery role only for streams of our account (`sts:ExternalId` is the account
 * Firehose sends, as the Firehose guide's trust policy shows).
 */
export function firehoseTrustPolicy(accountId: string): PolicyDoc {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "FirehoseOfOurAccount",
        Effect: "Allow",
        Principal: { Service: "firehose.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": accountId } },
      },
    ],
  };
}

export interface FirehosePolicyContext {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly domainArn: string;
  readonly archiveBucketArn: string;
  readonly siemKeyArn: string;
  readonly logGroupName: string;
}

/**
 * What the delivery role may do, per the Firehose guide's "Grant Firehose access to a public/VPC
 * OpenSearch Service destination": manage its interfaces in the VPC, describe the domain and write to
 * it, read the cluster state it checks before delivery, back failed documents up to its own prefix of
 * the archive (SSE-KMS with the `siem` key, through S3 only) and log delivery errors.
 */
export function firehoseRolePolicy(c: FirehosePolicyContext): PolicyDoc {
  const d = c.domainArn;
  const indices = Object.values(LOG_INDEX_PREFIXES).map((p) => `${p}-*`);
  return {
    Version: "2012-10-17",
    Statement: [
      {
        // These EC2 actions support no resource-level scoping for this use (the guide grants "*").
        Sid: "InterfacesInTheVpc",
        Effect: "Allow",
        Action: [
          "ec2:DescribeVpcs",
          "ec2:DescribeVpcAttribute",
          "ec2:DescribeSubnets",
          "ec2:DescribeSecurityGroups",
          "ec2:DescribeNetworkInterfaces",
          "ec2:CreateNetworkInterface",
          "ec2:CreateNetworkInterfacePermission",
          "ec2:DeleteNetworkInterface",
        ],
        Resource: "*",
      },
      {
        Sid: "WriteToTheDomain",
        Effect: "Allow",
        Action: [
          "es:DescribeDomain",
          "es:DescribeDomains",
          "es:DescribeDomainConfig",
          "es:ESHttpPost",
          "es:ESHttpPut",
        ],
        Resource: [d, `${d}/*`],
      },
      {
        Sid: "ReadClusterState",
        Effect: "Allow",
        Action: "es:ESHttpGet",
        Resource: [
          `${d}/_all/_settings`,
          `${d}/_cluster/stats`,
          `${d}/_nodes`,
          `${d}/_nodes/stats`,
          `${d}/_nodes/*/stats`,
          `${d}/_stats`,
          ...indices.flatMap((i) => [`${d}/${i}/_mapping/*`, `${d}/${i}/_stats`]),
        ],
      },
      {
        Sid: "ArchiveBucket",
        Effect: "Allow",
        Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
        Resource: c.archiveBucketArn,
      },
      {
        Sid: "BackUpFailedDocuments",
        Effect: "Allow",
        Action: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"],
        Resource: `${c.archiveBucketArn}/${BACKUP_PREFIX}*`,
      },
      {
        Sid: "SiemKeyThroughS3",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: c.siemKeyArn,
        Condition: {
          StringEquals: { "kms:ViaService": `s3.${c.region}.amazonaws.com` },
          StringLike: { "kms:EncryptionContext:aws:s3:arn": `${c.archiveBucketArn}/${BACKUP_PREFIX}*` },
        },
      },
      {
        Sid: "DeliveryErrors",
        Effect: "Allow",
        Action: "logs:PutLogEvents",
        Resource: `arn:${c.partition}:logs:${c.region}:${c.accountId}:log-group:${c.logGroupName}:*`,
      },
    ],
  };
}

/**
 * The forwarder (bootstrap/forwarder.js) runs as a role only Lambda of our account assumes.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
 */
export function forwarderTrustPolicy(accountId: string): PolicyDoc {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "LambdaOfOurAccount",
        Effect: "Allow",
        Principal: { Service: "lambda.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
    ],
  };
}

/** The forwarder puts records into the `cloudwatch` stream only, and writes its own log group. */
export function forwarderRolePolicy(cloudwatchStreamArn: string, logGroupArn: string): PolicyDoc {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "PutIntoTheCloudWatchStream",
        Effect: "Allow",
        Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
        Resource: cloudwatchStreamArn,
      },
      {
        Sid: "FunctionLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${logGroupArn}:*`,
      },
    ],
  };
}

/** The forwarder's own log group, which must never be subscribed (it would feed itself). */
export const forwarderLogGroupName = (logGroupPrefix: string): string => `${logGroupPrefix}siem/forwarder`;
