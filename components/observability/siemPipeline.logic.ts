/**
 * Pure logic of `SiemPipeline`'s archive, trail and alarm builders: defaults, argument validation, names,
 * and the policy documents (archive bucket, CloudTrail's delivery role, the alert topic). No Pulumi here:
 * tests call it directly and the builders feed it resolved values. The CIS alarm table is in
 * siemPipeline.cis.ts.
 */

import { type ArgProblem, Problems } from "../shared/problems";
import { logRetentionProblem } from "../shared/rules";
import type { SiemArchiveArgs, SiemPipelineArgs } from "./siemPipeline.args";
import { denyInsecureTransport } from "../shared/bucketPolicy";

export const SIEM_PIPELINE_DEFAULTS = {
  objectLockMode: "COMPLIANCE",
  transitionToGlacierDays: 90,
  /** Days a noncurrent (overwritten or delete-marked) version is kept once its lock has run out. */
  noncurrentVersionExpirationDays: 1,
  abortIncompleteUploadDays: 7,
  alertEmails: [] as readonly string[],
  protect: true,
} as const;

/** Key prefixes of the archive, one per writer; each writer may put objects only under its own. */
export const ARCHIVE_PREFIXES = {
  trail: "cloudtrail",
  config: "config",
  firehose: "opensearch-failed",
} as const;

/** The tag every bucket, log group and table holding classified data carries. */
export const DATA_CLASS_TAG = "rampart:data-class";

// Names of global resources, derived from `namePrefix` (`<project>-<stack>`).
export const archiveBucketPrefix = (namePrefix: string) => `${namePrefix}-archive-`;
export const trailName = (namePrefix: string) => `${namePrefix}-trail`;
export const alertTopicName = (namePrefix: string) => `${namePrefix}-security-alerts`;
export const trailLogGroupName = (logGroupPrefix: string) => `${logGroupPrefix}cloudtrail`;

/**
 * The trail's ARN, known before the trail exists (the bucket policy names it, and the trail can only be
 * created once the policy admits it). A multi-region trail's ARN carries its home Region.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
 */
export function trailArn(c: { partition: string; region: string; accountId: string; name: string }): string {
  return `arn:${c.partition}:cloudtrail:${c.region}:${c.accountId}:trail/${c.name}`;
}

/**
 * S3 bucket names are 3-63 characters; `bucketPrefix` leaves 26 for the random suffix, so a prefix may
 * be at most 37 characters (lowercase letters, digits, hyphens).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
const BUCKET_PREFIX_MAX = 37;
/** Object Lock default retention: 1 day to 100 years. @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html */
export const OBJECT_LOCK_DAYS_MAX = 36500;
/** Trail names: 3-128 of letters, digits, `.`, `_`, `-`. @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html */
const TRAIL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/;
const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
// An address SNS can deliver to: one @, no spaces, a dotted domain.
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const wholeDays = (v: unknown, min: number, max: number): v is number =>
  typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;

/** The archive and the trail: `archive.*`, `trail.*`, `logRetentionDays`, and the names they derive. */
export function archiveProblems(
  args: Pick<SiemPipelineArgs, "namePrefix" | "archive" | "trail" | "logRetentionDays">,
): ArgProblem[] {
  const p = new Problems();
  const prefix = archiveBucketPrefix(args.namePrefix);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(args.namePrefix) || prefix.length > BUCKET_PREFIX_MAX)
    p.at(
      ["namePrefix"],
      args.namePrefix,
      `cannot prefix the archive bucket's name (expected lowercase letters, digits and -, at most ${BUCKET_PREFIX_MAX - (prefix.length - args.namePrefix.length)} characters)`,
    );
  else if (!TRAIL_NAME.test(trailName(args.namePrefix)))
    p.at(["namePrefix"], args.namePrefix, "cannot name a trail (expected letters, digits, ., _ or -)");
  const a: SiemArchiveArgs = args.archive;
  if (a.objectLockMode !== undefined && !["COMPLIANCE", "GOVERNANCE"].includes(a.objectLockMode))
    p.at(
      ["archive", "objectLockMode"],
      a.objectLockMode,
      'is not an Object Lock mode (expected "COMPLIANCE" or "GOVERNANCE")',
    );
  if (!wholeDays(a.objectLockDays, 1, OBJECT_LOCK_DAYS_MAX))
    p.at(
      ["archive", "objectLockDays"],
      a.objectLockDays,
      `is not a lock period (expected whole days from 1 to ${OBJECT_LOCK_DAYS_MAX})`,
    );
  if (!wholeDays(a.expireAfterDays, 1, Number.MAX_SAFE_INTEGER))
    p.at(
      ["archive", "expireAfterDays"],
      a.expireAfterDays,
      "is not a retention (expected a positive whole number of days)",
    );
  else if (wholeDays(a.objectLockDays, 1, OBJECT_LOCK_DAYS_MAX) && a.objectLockDays > a.expireAfterDays)
    p.at(
      ["archive", "objectLockDays"],
      a.objectLockDays,
      `exceeds archive.expireAfterDays (${a.expireAfterDays}): objects would expire while locked (expected at most ${a.expireAfterDays})`,
    );
  if (
    a.transitionToGlacierDays !== undefined &&
    !wholeDays(a.transitionToGlacierDays, 0, Number.MAX_SAFE_INTEGER)
  )
    p.at(
      ["archive", "transitionToGlacierDays"],
      a.transitionToGlacierDays,
      "is not a number of days (expected a whole number >= 0)",
    );
  args.trail.dataEventBucketArns.forEach((arn, i) => {
    // Values known at construction are checked; outputs of other resources are trusted.
    if (typeof arn === "string" && !BUCKET_ARN.test(arn))
      p.at(
        ["trail", "dataEventBucketArns", i],
        arn,
        'is not an S3 bucket ARN (expected "arn:aws:s3:::<bucket>", no key)',
      );
  });
  const retention = logRetentionProblem(args.logRetentionDays);
  if (retention) p.at(["logRetentionDays"], args.logRetentionDays, retention);
  return p.list;
}

/** The alert topic's subscribers. */
export function alarmProblems(args: Pick<SiemPipelineArgs, "alertEmails">): ArgProblem[] {
  const p = new Problems();
  (args.alertEmails ?? []).forEach((email, i) => {
    if (typeof email !== "string" || !EMAIL.test(email))
      p.at(["alertEmails", i], email, 'is not an e-mail address (expected e.g. "secops@example.com")');
  });
  const seen = new Set<string>();
  (args.alertEmails ?? []).forEach((email, i) => {
    if (seen.has(email.toLowerCase()))
      p.at(["alertEmails", i], email, "is listed twice (expected each address once)");
    seen.add(email.toLowerCase());
  });
  return p.list;
}

/** Days before the Glacier transition, or undefined when objects expire first (no transition). */
export function glacierTransitionDays(a: SiemArchiveArgs): number | undefined {
  const days = a.transitionToGlacierDays ?? SIEM_PIPELINE_DEFAULTS.transitionToGlacierDays;
  return days < a.expireAfterDays ? days : undefined;
}

/**
 * The archive's lifecycle: to S3 Glacier Flexible Retrieval, expiry at the retention window, noncurrent
 * versions removed once unlocked, incomplete multipart uploads aborted. Lifecycle never removes a version
 * whose Object Lock retention has not passed; a locked version is removed when its lock runs out.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html#object-lock-managing-lifecycle
 */
export function archiveLifecycleRules(a: SiemArchiveArgs) {
  const d = SIEM_PIPELINE_DEFAULTS;
  const transition = glacierTransitionDays(a);
  return [
    {
      id: "archive-retention",
      status: "Enabled",
      filter: {},
      ...(transition === undefined ? {} : { transitions: [{ days: transition, storageClass: "GLACIER" }] }),
      expiration: { days: a.expireAfterDays },
      noncurrentVersionExpiration: { noncurrentDays: d.noncurrentVersionExpirationDays },
      abortIncompleteMultipartUpload: { daysAfterInitiation: d.abortIncompleteUploadDays },
    },
  ];
}

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal: "*" | { readonly AWS?: string | string[]; readonly Service?: string | string[] };
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: PolicyStatement[];
}

export interface ArchivePolicyContext {
  readonly partition: string;
  readonly accountId: string;
  readonly bucketArn: string;
  /** Our trail's ARN (`trailArn`); without it CloudTrail gets no statement. */
  readonly trailArn?: string;
  /** Roles (Firehose's backup role) that write under `firehose/`. */
  readonly writerRoleArns: readonly string[];
}

/**
 * The archive's bucket policy. Nothing without TLS 1.2+; CloudTrail (our trail only) and AWS Config (our
 * account only) write under their own prefixes with the statements their guides give; our writer roles
 * write under `firehose/`. Reading is left to the account's IAM. Objects are owner-enforced, so the
 * `bucket-owner-full-control` ACL the services send is accepted and ignored.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit
 */
export function archiveBucketPolicy(c: ArchivePolicyContext): PolicyDocument {
  const objects = `${c.bucketArn}/*`;
  const ownerAcl = { "s3:x-amz-acl": "bucket-owner-full-control" };
  const statements: PolicyStatement[] = [
    denyInsecureTransport(c.bucketArn),
    {
      // @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html#example-object-tls-version
      Sid: "DenyTlsBelow12",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [c.bucketArn, objects],
      Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
    },
  ];
  if (c.trailArn) {
    const source = { "aws:SourceArn": c.trailArn };
    statements.push(
      {
        Sid: "CloudTrailAclCheck",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:GetBucketAcl",
        Resource: c.bucketArn,
        Condition: { StringEquals: source },
      },
      {
        Sid: "CloudTrailWrite",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${c.bucketArn}/${ARCHIVE_PREFIXES.trail}/AWSLogs/${c.accountId}/*`,
        Condition: { StringEquals: { ...ownerAcl, ...source } },
      },
    );
  }
  const account = { "aws:SourceAccount": c.accountId };
  statements.push(
    {
      Sid: "ConfigAclCheck",
      Effect: "Allow",
      Principal: { Service: "config.amazonaws.com" },
      Action: "s3:GetBucketAcl",
      Resource: c.bucketArn,
      Condition: { StringEquals: account },
    },
    {
      Sid: "ConfigBucketExistenceCheck",
      Effect: "Allow",
      Principal: { Service: "config.amazonaws.com" },
      Action: "s3:ListBucket",
      Resource: c.bucketArn,
      Condition: { StringEquals: account },
    },
    {
      Sid: "ConfigWrite",
      Effect: "Allow",
      Principal: { Service: "config.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${c.bucketArn}/${ARCHIVE_PREFIXES.config}/AWSLogs/${c.accountId}/Config/*`,
      Condition: { StringEquals: { ...ownerAcl, ...account } },
    },
  );
  if (c.writerRoleArns.length > 0) {
    statements.push({
      Sid: "WritersPutUnderTheirPrefix",
      Effect: "Allow",
      Principal: { AWS: [...c.writerRoleArns] },
      Action: "s3:PutObject",
      Resource: `${c.bucketArn}/${ARCHIVE_PREFIXES.firehose}/*`,
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * CloudTrail assumes the delivery role only for our trail in our account (confused-deputy protection).
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cross-service-confused-deputy-prevention.html
 */
export function trailRoleTrustPolicy(c: { accountId: string; trailArn: string }): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "CloudTrailAssumesForOurTrail",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "sts:AssumeRole",
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": c.accountId, "aws:SourceArn": c.trailArn } },
      },
    ],
  };
}

/**
 * The delivery role writes log streams of its one group: CloudTrail names them
 * `<account>_CloudTrail_<region>` (one per Region of a multi-region trail).
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html
 */
export function trailRolePolicy(c: { accountId: string; logGroupArn: string }) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "WriteTrailLogStreams",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${c.logGroupArn}:log-stream:${c.accountId}_CloudTrail_*`,
      },
    ],
  };
}

/**
 * Who may publish to the alert topic: CloudWatch alarms and EventBridge rules of our account (their
 * guides' statements, scoped by source), nobody without TLS. Our own roles (Alertmanager's) publish with
 * their IAM policies, as same-account principals do; no other account is admitted.
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html#enforce-encryption-data-in-transit
 */
export function alertTopicPolicy(c: {
  partition: string;
  region: string;
  accountId: string;
  topicArn: string;
}): PolicyDocument {
  const from = (service: string, sourceArn: string): PolicyStatement["Condition"] => ({
    StringEquals: { "aws:SourceAccount": c.accountId },
    ArnLike: { "aws:SourceArn": `arn:${c.partition}:${service}:${c.region}:${c.accountId}:${sourceArn}` },
  });
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "CloudWatchAlarmsPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: c.topicArn,
        Condition: from("cloudwatch", "alarm:*"),
      },
      {
        Sid: "EventBridgeRulesPublish",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sns:Publish",
        Resource: c.topicArn,
        Condition: from("events", "rule/*"),
      },
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Resource: c.topicArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  };
}
