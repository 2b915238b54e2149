import { BACKUP_CLASS_TAG, backupRoleName } from "../operations/recovery.args";
import { type ArgProblem, Problems } from "../shared/problems";
import { roleArnProblem } from "../shared/rules";
import { modelServerRoleName } from "../workloads/modelServer.args";
import { type ModelStoreArgs, SUPPLY_CHAIN_DEFAULTS } from "./supplyChain.args";
import { denyInsecureTransport } from "../shared/bucketPolicy";

/**
 * Pure logic of the model store (supplyChain.modelStore.ts): argument rules, lifecycle rules, names and
 * the bucket policy. No Pulumi here: tests call it directly.
 */

export const DATA_CLASS_TAG = "rampart:data-class";
export { BACKUP_CLASS_TAG };

/** S3 Object Lock's longest default retention (100 years). @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_DefaultRetention.html */
export const MAX_RETENTION_DAYS = 36500;
/** Days before S3 aborts an unfinished multipart upload (its parts are billed and invisible until then). */
export const ABORT_INCOMPLETE_UPLOAD_DAYS = 7;

/**
 * The access-log bucket's prefix: `<namePrefix>-model-logs-`, deliberately outside `<namePrefix>-models-*`,
 * which model-management's IAM grant covers (it must not read or rewrite the record of its own access).
 */
export const modelAccessLogBucketPrefix = (namePrefix: string): string => `${namePrefix}-model-logs-`;

/**
 * Pulumi's `bucketPrefix` is at most 37 characters (it adds 26); the longer of the store's two prefixes
 * is the log bucket's (`<namePrefix>-model-logs-`), so `<namePrefix>` may have at most 25. For `validateSupplyChainArgs` (the
 * namePrefix is SupplyChain's, not the model store's).
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/s3/bucket/#bucketprefix_nodejs
 */
export const MAX_BUCKET_PREFIX = 37;
export function modelStoreNamePrefixProblem(namePrefix: string): string | undefined {
  const longest = modelAccessLogBucketPrefix(namePrefix);
  return longest.length > MAX_BUCKET_PREFIX || !/^[a-z0-9][a-z0-9.-]*$/.test(namePrefix)
    ? `cannot prefix the model store's bucket names (expected lowercase letters, digits, "." or "-", at most ${MAX_BUCKET_PREFIX - longest.length + namePrefix.length} characters: "${longest}" must fit S3's bucketPrefix of ${MAX_BUCKET_PREFIX})`
    : undefined;
}

const wholeDays = (v: unknown, min: number, max: number) =>
  typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;

/** Every problem with the arguments (field, value, fix); empty when valid. */
export function validateModelStoreArgs(args: Omit<ModelStoreArgs, "kubeProvider">): ArgProblem[] {
  const p = new Problems();
  const lock = args.objectLock as ModelStoreArgs["objectLock"] | undefined;
  if (lock === undefined) {
    p.at(["objectLock"], lock, 'is required (expected { mode: "COMPLIANCE" | "GOVERNANCE", days: N })');
  } else {
    if (lock.mode !== "COMPLIANCE" && lock.mode !== "GOVERNANCE")
      p.at(
        ["objectLock", "mode"],
        lock.mode,
        'is not an Object Lock mode (expected "COMPLIANCE" or "GOVERNANCE")',
      );
    if (!wholeDays(lock.days, 1, MAX_RETENTION_DAYS))
      p.at(
        ["objectLock", "days"],
        lock.days,
        `is not a retention S3 accepts (expected a whole number of days from 1 to ${MAX_RETENTION_DAYS})`,
      );
  }
  const noncurrent = args.noncurrentVersionDays;
  const lockDays = lock !== undefined && wholeDays(lock.days, 1, MAX_RETENTION_DAYS) ? lock.days : undefined;
  const byDefault = SUPPLY_CHAIN_DEFAULTS.noncurrentVersionDays;
  if (noncurrent === undefined && lockDays !== undefined && byDefault < lockDays)
    p.at(
      ["noncurrentVersionDays"],
      noncurrent,
      `defaults to ${byDefault}, shorter than objectLock.days (${lockDays}): a replaced version stays locked that long (expected at least ${lockDays})`,
    );
  if (noncurrent !== undefined) {
    if (!wholeDays(noncurrent, 1, MAX_RETENTION_DAYS))
      p.at(
        ["noncurrentVersionDays"],
        noncurrent,
        `is not a number of days (expected a whole number from 1 to ${MAX_RETENTION_DAYS})`,
      );
    else if (lockDays !== undefined && noncurrent < lockDays)
      p.at(
        ["noncurrentVersionDays"],
        noncurrent,
        `is shorter than objectLock.days (${lockDays}): a replaced version stays locked that long, so the lifecycle could not expire it earlier and rollback needs it (expected at least ${lockDays})`,
      );
  }
  if (!wholeDays(args.accessLogRetentionDays, 1, MAX_RETENTION_DAYS))
    p.at(
      ["accessLogRetentionDays"],
      args.accessLogRetentionDays,
      `is not a number of days (expected a whole number from 1 to ${MAX_RETENTION_DAYS})`,
    );
  (args.writerRoleArns ?? []).forEach((arn, i) => {
    // Outputs (a role created in the same program) are checked by IAM, not here.
    if (typeof arn !== "string") return;
    const bad = roleArnProblem(arn);
    if (bad) p.at(["writerRoleArns", i], arn, bad);
  });
  return p.list;
}

/**
 * Replaced versions expire after `noncurrentVersionDays` (never before their lock ends: S3 lifecycle
 * does not delete a locked version), unfinished multipart uploads are aborted. Current versions never
 * expire: a model is removed by a new delete marker, and its versions stay for rollback.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html#object-lock-managing-lifecycle
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpu-abort-incomplete-mpu-lifecycle-config.html
 */
export function modelStoreLifecycleRules(args: Pick<ModelStoreArgs, "noncurrentVersionDays">) {
  return [
    {
      id: "model-versions",
      status: "Enabled",
      filter: {},
      noncurrentVersionExpiration: {
        noncurrentDays: args.noncurrentVersionDays ?? SUPPLY_CHAIN_DEFAULTS.noncurrentVersionDays,
      },
      abortIncompleteMultipartUpload: { daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS },
    },
  ];
}

export interface ModelBucketPolicyContext {
  readonly partition: string;
  readonly accountId: string;
  readonly bucketArn: string;
  /** The `models` key's ARN (S3 compares the request's key id header with it). */
  readonly modelsKeyArn: string;
  readonly namePrefix: string;
  readonly writerRoleArns: readonly string[];
}

export interface BucketPolicyStatement {
  readonly Sid: string;
  readonly Effect: "Deny";
  readonly Principal: "*";
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/** Object writes: new versions, their tags, retention and legal holds, deletes, and bypassing GOVERNANCE. */
export const MODEL_WRITE_ACTIONS = ["s3:PutObject*", "s3:DeleteObject*", "s3:BypassGovernanceRetention"];
/** Object reads: contents, versions, attributes, tags, ACLs, retention. */
export const MODEL_READ_ACTIONS = ["s3:GetObject*"];

/** The roles that may read, besides the writers: model servers (`<namePrefix>-model-*`) and AWS Backup. */
export function modelReaderRolePatterns(
  c: Pick<ModelBucketPolicyContext, "partition" | "accountId" | "namePrefix">,
) {
  const role = (name: string) => `arn:${c.partition}:iam::${c.accountId}:role/${name}`;
  return [role(modelServerRoleName(c.namePrefix, "*")), role(backupRoleName(c.namePrefix))];
}

/**
 * The model bucket's policy: only Deny statements (same-account IAM grants the access; this policy is
 * the ceiling no identity policy can lift).
 *
 * - No request without TLS. @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit
 * - No object written with other encryption than SSE-KMS under the `models` key: a request whose
 *   encryption header names anything else is refused. A request without the headers is admitted (the
 *   `Null` test): the bucket's default encryption (the `models` key) applies to it, and UploadPart, which
 *   S3 authorizes as s3:PutObject, never carries them (the header goes on CreateMultipartUpload), so
 *   AWS's "deny unless the header says aws:kms" example (which `IfExists` or a bare `StringNotEquals`
 *   would amount to: both are true for an absent key) would refuse multipart uploads of model weights.
 *   @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/specifying-kms-encryption.html#require-sse-kms
 *   @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null
 * - Object writes and deletes only by `writerRoleArns`; reads only by the writers, the model servers'
 *   roles and AWS Backup's role (AWS Backup reads S3 with the IAM role the backup plan names:
 *   @see https://docs.aws.amazon.com/aws-backup/latest/devguide/s3-backups.html).
 *   `aws:PrincipalArn` is the role's ARN for its sessions, and is absent for an AWS service principal,
 *   so `ArnNotLike` denies service principals too. That is deliberate and holds for real S3 because no
 *   service principal touches this bucket's objects: server access logs go to the log bucket
 *   (logging.s3.amazonaws.com writes there), CloudTrail data events are recorded by CloudTrail without
 *   reading objects, and replication, Batch Operations, Backup and Malware Protection act through IAM
 *   roles, which must be listed here to be admitted. Not exempted, on purpose: the deployer and
 *   break-glass (they administer the bucket, its policy included, which this policy does not deny; they
 *   do not read or write model files), service-linked roles such as Macie's, S3 replication (none is
 *   configured; its role would need to be a reader), and restores by AWS Backup into this bucket (restore
 *   into a new bucket, as the Recovery runbook says: the backup role only reads here).
 *   @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 */
export function modelBucketPolicy(c: ModelBucketPolicyContext) {
  const objects = `${c.bucketArn}/*`;
  const exceptWriters =
    c.writerRoleArns.length > 0
      ? { Condition: { ArnNotLike: { "aws:PrincipalArn": [...c.writerRoleArns] } } }
      : {};
  const statements: BucketPolicyStatement[] = [
    denyInsecureTransport(c.bucketArn),
    {
      Sid: "DenyOtherEncryption",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: objects,
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
      Resource: objects,
      Condition: {
        Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
        StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": c.modelsKeyArn },
      },
    },
    {
      Sid: "DenyWritesExceptWriters",
      Effect: "Deny",
      Principal: "*",
      Action: [...MODEL_WRITE_ACTIONS],
      Resource: objects,
      ...exceptWriters,
    },
    {
      Sid: "DenyReadsExceptWritersModelServersAndBackup",
      Effect: "Deny",
      Principal: "*",
      Action: [...MODEL_READ_ACTIONS],
      Resource: objects,
      Condition: {
        ArnNotLike: { "aws:PrincipalArn": [...c.writerRoleArns, ...modelReaderRolePatterns(c)] },
      },
    },
  ];
  return { Version: "2012-10-17", Statement: statements };
}
