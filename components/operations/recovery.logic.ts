/**
 * Pure logic for `Recovery`: names, AWS Backup's bounds, schedule parsing, the backup role's documents and
 * the event pattern of failed jobs. No Pulumi here: tests call it directly.
 */

import { BACKUP_CLASS_TAG, type BackupClass, type BackupPlanSpec } from "./recovery.args";

/** `<namePrefix>-backups`. */
export const vaultName = (namePrefix: string): string => `${namePrefix}-backups`;
/** `<namePrefix>-<class>`: one plan per backup class. */
export const planName = (namePrefix: string, cls: BackupClass): string => `${namePrefix}-${cls}`;
/** `<namePrefix>-isolation`: the security group the runbooks attach to a compromised instance. */
export const isolationGroupName = (namePrefix: string): string => `${namePrefix}-isolation`;
/** `<namePrefix>-backup-job-failed`: the EventBridge rule for failed backup, copy and restore jobs. */
export const jobAlertRuleName = (namePrefix: string): string => `${namePrefix}-backup-job-failed`;

export const ISOLATION_DESCRIPTION =
  "Rampart isolation: no traffic in or out; attach only to contain a compromised instance (docs/runbooks/)";

/**
 * AWS Backup's bounds: a vault lock's retention limits and compliance mode's grace period (at least 3
 * days), in days. @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultLockConfiguration.html
 */
export const LOCK_BOUNDS = {
  minRetentionDays: 1,
  maxRetentionDays: 36500,
  minChangeableForDays: 3,
  maxChangeableForDays: 36500,
} as const;

/**
 * Schedule problems for an AWS Backup rule, or undefined. AWS Backup takes only cron expressions (six
 * fields: minutes, hours, day-of-month, month, day-of-week, year; one of the two day fields `?`), not
 * EventBridge's `rate(...)`, and refuses jobs less than 60 minutes apart (so the minutes field is one
 * fixed minute).
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRule.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
 */
export function scheduleProblem(schedule: unknown): string | undefined {
  const expected = 'expected an AWS Backup cron expression such as "cron(0 3 * * ? *)"';
  if (typeof schedule !== "string") return `is not a schedule (${expected})`;
  if (/^rate\(/.test(schedule)) return `is a rate expression, which AWS Backup does not take (${expected})`;
  const m = /^cron\((.*)\)$/.exec(schedule);
  if (!m) return `is not a cron expression (${expected})`;
  const fields = m[1]!.trim().split(/\s+/);
  if (fields.length !== 6)
    return `has ${fields.length} cron fields, not 6 (${expected}: minutes hours day-of-month month day-of-week year)`;
  const [minutes, hours, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  const FIELD = /^[0-9A-Za-z*?/,#L W-]+$/;
  if (![hours, dom, month, dow, year].every((f) => FIELD.test(f)) || !/^\d{1,2}$/.test(minutes))
    return `is not a valid cron expression (${expected}; the minutes field must be one minute, 0-59, as AWS Backup runs jobs at least 60 minutes apart)`;
  if (Number(minutes) > 59) return `has minute ${minutes} (expected 0 to 59)`;
  if ((dom === "?") === (dow === "?"))
    return `must set exactly one of day-of-month and day-of-week to "?" (${expected})`;
  return undefined;
}

/** A Backup vault ARN, `arn:<partition>:backup:<region>:<account>:backup-vault:<name>`. */
export const VAULT_ARN =
  /^arn:aws[a-z-]*:backup:[a-z]{2}(-[a-z]+)+-\d:\d{12}:backup-vault:[A-Za-z0-9_.-]{2,50}$/;

/**
 * The plan's one rule: schedule, expiry after `retentionDays` (recovery points are deleted then), and a
 * copy with the same expiry to `copyToVaultArn`. Recovery-point tags name the class.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html
 */
export function planRule(cls: BackupClass, spec: BackupPlanSpec, targetVaultName: string) {
  const lifecycle = { deleteAfter: spec.retentionDays };
  return {
    ruleName: `${cls}-${spec.retentionDays}d`,
    targetVaultName,
    schedule: spec.schedule,
    lifecycle,
    recoveryPointTags: { [BACKUP_CLASS_TAG]: cls },
    ...(spec.copyToVaultArn
      ? { copyActions: [{ destinationVaultArn: spec.copyToVaultArn, lifecycle: { ...lifecycle } }] }
      : {}),
  };
}

/**
 * What a plan backs up: every resource (`*`) of the account that carries `rampart:backup-class` = the
 * class, and nothing else. `resources: ["*"]` with a StringEquals condition on `aws:ResourceTag/...` is
 * AWS Backup's tag-based selection; the conditions are ANDed with the resource list.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html
 */
export function selectionByTag(cls: BackupClass) {
  return {
    resources: ["*"],
    conditions: [{ stringEquals: [{ key: `aws:ResourceTag/${BACKUP_CLASS_TAG}`, value: cls }] }],
  };
}

/**
 * AWS Backup assumes the role for this account only (confused-deputy protection).
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */
export function backupTrustPolicy(accountId: string) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AwsBackupAssumes",
        Effect: "Allow",
        Principal: { Service: "backup.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
    ],
  };
}

/**
 * AWS's managed policies for the role: backup and restore of EBS volumes and DynamoDB tables (and the
 * other services the base policies cover). S3 is not among them: AWS's S3 pair reads every bucket and
 * decrypts with every key S3 uses, so the model store's permissions are our own (`backupS3Policy`).
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/security-iam-awsmanpol.html
 */
export function backupManagedPolicyArns(partition: string): string[] {
  return [
    `arn:${partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup`,
    `arn:${partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores`,
  ];
}

/**
 * S3 backup and restore, on the model store's buckets only (`<namePrefix>-models-*`: the store, and a
 * restore's new bucket, which must be named with the same prefix). The statements are AWS's documented
 * customer-managed S3 permissions (bucket inventory and notifications, object versions and their tags
 * and ACLs, the `AwsBackupManagedRule*` EventBridge rules that track changes, GetMetricData) with the
 * buckets narrowed from `*`; the keys are the role's KMS policy's (the models key through S3), not every key.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/security-iam-awsmanpol.html (Customer managed policies, Amazon S3)
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupServiceRolePolicyForS3Backup.html
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupServiceRolePolicyForS3Restore.html
 */
export function backupS3Policy(c: { readonly partition: string; readonly bucketPrefix: string }) {
  const buckets = `arn:${c.partition}:s3:::${c.bucketPrefix}*`;
  const objects = `${buckets}/*`;
  return {
    Version: "2012-10-17" as const,
    Statement: [
      {
        Sid: "ModelStoreBuckets",
        Effect: "Allow" as const,
        Action: [
          "s3:GetInventoryConfiguration",
          "s3:PutInventoryConfiguration",
          "s3:ListBucketVersions",
          "s3:ListBucket",
          "s3:GetBucketVersioning",
          "s3:GetBucketNotification",
          "s3:PutBucketNotification",
          "s3:GetBucketLocation",
          "s3:GetBucketTagging",
          "s3:GetBucketAcl",
          // Restores into a new bucket of the same prefix.
          "s3:CreateBucket",
          "s3:PutBucketVersioning",
          "s3:PutBucketOwnershipControls",
          "s3:GetBucketOwnershipControls",
        ],
        Resource: buckets,
      },
      {
        Sid: "ModelStoreObjects",
        Effect: "Allow" as const,
        Action: [
          "s3:GetObject",
          "s3:GetObjectAcl",
          "s3:GetObjectVersion",
          "s3:GetObjectVersionAcl",
          "s3:GetObjectTagging",
          "s3:GetObjectVersionTagging",
          // Restores.
          "s3:PutObject",
          "s3:PutObjectAcl",
          "s3:PutObjectVersionAcl",
          "s3:PutObjectTagging",
          "s3:ListMultipartUploadParts",
        ],
        Resource: objects,
      },
      { Sid: "ListBuckets", Effect: "Allow" as const, Action: "s3:ListAllMyBuckets", Resource: "*" },
      {
        Sid: "BackupManagedRules",
        Effect: "Allow" as const,
        Action: [
          "events:DeleteRule",
          "events:PutTargets",
          "events:DescribeRule",
          "events:EnableRule",
          "events:PutRule",
          "events:RemoveTargets",
          "events:ListTargetsByRule",
          "events:DisableRule",
        ],
        Resource: `arn:${c.partition}:events:*:*:rule/AwsBackupManagedRule*`,
      },
      {
        Sid: "RulesAndMetrics",
        Effect: "Allow" as const,
        Action: ["events:ListRules", "cloudwatch:GetMetricData"],
        Resource: "*",
      },
    ],
  };
}

/** The KMS actions a service uses on the role's behalf to read a source and write a recovery point. */
export const BACKUP_KMS_ACTIONS = [
  "kms:Decrypt",
  "kms:DescribeKey",
  "kms:Encrypt",
  "kms:GenerateDataKey*",
  "kms:ReEncrypt*",
] as const;

/**
 * The role's own KMS statements, on our keys only: the vault's key through AWS Backup (S3 and advanced
 * DynamoDB recovery points are encrypted with it), the sources' keys through the services that hold them
 * (EBS snapshots keep the volume's key; restores re-encrypt with it), grants only for AWS resources. The
 * KeyRing's key policies admit account principals through exactly these services (`useVia` / `grantsVia`).
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
 */
export interface IdentityStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition: Record<string, Record<string, string | string[]>>;
}

export function backupKmsPolicy(c: {
  readonly region: string;
  readonly vaultKeyArn: string;
  readonly sourceKeyArns: readonly string[];
}): { readonly Version: "2012-10-17"; readonly Statement: IdentityStatement[] } {
  const via = (services: readonly string[]) => services.map((s) => `${s}.${c.region}.amazonaws.com`);
  const statements: IdentityStatement[] = [
    {
      Sid: "VaultKeyThroughBackup",
      Effect: "Allow",
      Action: [...BACKUP_KMS_ACTIONS, "kms:CreateGrant"],
      Resource: c.vaultKeyArn,
      Condition: { StringEquals: { "kms:ViaService": via(["backup"]) } },
    },
  ];
  if (c.sourceKeyArns.length > 0)
    statements.push(
      {
        Sid: "SourceKeysThroughTheirServices",
        Effect: "Allow",
        Action: [...BACKUP_KMS_ACTIONS],
        Resource: [...c.sourceKeyArns],
        Condition: { StringEquals: { "kms:ViaService": via(["ec2", "dynamodb", "s3"]) } },
      },
      {
        Sid: "SourceKeyGrantsForAwsResources",
        Effect: "Allow",
        Action: "kms:CreateGrant",
        Resource: [...c.sourceKeyArns],
        Condition: {
          StringEquals: { "kms:ViaService": via(["ec2", "dynamodb"]) },
          Bool: { "kms:GrantIsForAWSResource": "true" },
        },
      },
    );
  return { Version: "2012-10-17", Statement: statements };
}

/** The job states that mean a recovery point is missing or a restore did not happen. */
export const FAILED_JOB_STATES = ["FAILED", "ABORTED", "EXPIRED"] as const;

/**
 * Backup, copy and restore jobs of this account that ended badly. AWS Backup emits one event per job
 * state change; some report the state as `detail.state`, others as `detail.status` ("consistent with the
 * AWS Backup API": restore jobs have a Status), so the pattern matches either (`$or`).
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-backup.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */
export function failedJobEventPattern(accountId: string) {
  return {
    source: ["aws.backup"],
    account: [accountId],
    "detail-type": ["Backup Job State Change", "Copy Job State Change", "Restore Job State Change"],
    detail: { $or: [{ state: [...FAILED_JOB_STATES] }, { status: [...FAILED_JOB_STATES] }] },
  };
}
