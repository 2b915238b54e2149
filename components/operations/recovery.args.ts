import type * as pulumi from "@pulumi/pulumi";

/**
 * The contract of `Recovery` (`rampart:operations:Recovery`): backups and the means to contain an
 * incident.
 *
 * - AWS Backup vault encrypted with the KeyRing's `backups` key, with a vault lock (compliance mode in
 *   prod: nobody deletes a recovery point before its retention ends, nor removes the lock).
 * - One backup plan per data class (schedule, retention, optional copy to a vault in another Region),
 *   selecting resources by the tag `rampart:backup-class` = the class; recovery points expire with the
 *   retention. The stateful resources carry the tag: the volumes behind persistent claims (the encrypted
 *   StorageClass), the consent ledger, the model store.
 * - The isolation security group for nodes (no rule in, none out) that the runbooks attach to a
 *   compromised instance (docs/runbooks/).
 * Types and defaults only.
 */

/** What is backed up, by tag `rampart:backup-class`. */
export const BACKUP_CLASSES = ["volumes", "consent", "models"] as const;
export type BackupClass = (typeof BACKUP_CLASSES)[number];
export const BACKUP_CLASS_TAG = "rampart:backup-class";

export interface BackupPlanSpec {
  /** AWS Backup schedule expression, e.g. `cron(0 3 * * ? *)`. */
  readonly schedule: string;
  /** Days a recovery point is kept; within the vault lock's bounds. */
  readonly retentionDays: number;
  /** A vault in another Region (or account) each recovery point is copied to, kept as long. @default none */
  readonly copyToVaultArn?: string;
}

export interface VaultLockSpec {
  /**
   * `compliance`: after `changeableForDays` nobody, root included, can delete recovery points early or
   * remove the lock (prod); `governance`: holders of `backup:DeleteBackupVaultLockConfiguration` can.
   */
  readonly mode: "governance" | "compliance";
  /** The shortest retention a plan may set. */
  readonly minRetentionDays: number;
  /** The longest retention a plan may set. */
  readonly maxRetentionDays: number;
  /** Compliance mode's grace period before the lock is immutable (AWS: at least 3). @default 3 */
  readonly changeableForDays?: number;
}

export interface RecoveryArgs {
  /** Prefix of names: `<project>-<stack>`. */
  readonly namePrefix: string;
  /** The KeyRing's `backups` key. */
  readonly backupsKeyArn: pulumi.Input<string>;
  /**
   * The keys of the resources backed up (the KeyRing's `volumes`, `privacy` and `models` keys). The backup
   * role may use them only through EC2, DynamoDB and S3 (`kms:ViaService`), as those services do when AWS
   * Backup snapshots, backs up or restores an encrypted resource for it. @default []
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html
   */
  readonly sourceKeyArns?: readonly pulumi.Input<string>[];
  /** Absent: no lock (prod refuses that). */
  readonly vaultLock?: VaultLockSpec;
  /** Plans per data class; a class without a plan is not backed up. */
  readonly plans: Readonly<Partial<Record<BackupClass, BackupPlanSpec>>>;
  /** The VPC of the isolation security group. */
  readonly vpcId: pulumi.Input<string>;
  /** SNS topic (the SIEM's) for failed backup and restore jobs. @default none */
  readonly alertTopicArn?: pulumi.Input<string>;
  /** `protect` the vault. @default true */
  readonly protect?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}

/** AWS Backup's role: `<namePrefix>-backup` (the model store's bucket policy admits it). */
export const backupRoleName = (namePrefix: string): string => `${namePrefix}-backup`;

export const RECOVERY_DEFAULTS = { changeableForDays: 3, protect: true } as const;
