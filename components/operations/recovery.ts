import * as aws from "@pulumi/aws";
import { modelBucketPrefix } from "../supplychain/supplyChain.args";
import * as pulumi from "@pulumi/pulumi";
import { assertValidArgs } from "../shared/problems";
import {
  BACKUP_CLASS_TAG,
  BACKUP_CLASSES,
  backupRoleName,
  type BackupClass,
  RECOVERY_DEFAULTS,
  type RecoveryArgs,
} from "./recovery.args";
import {
  backupKmsPolicy,
  backupManagedPolicyArns,
  backupS3Policy,
  backupTrustPolicy,
  failedJobEventPattern,
  ISOLATION_DESCRIPTION,
  isolationGroupName,
  jobAlertRuleName,
  planName,
  planRule,
  selectionByTag,
  vaultName,
} from "./recovery.logic";
import { validateRecoveryArgs } from "./recovery.validate";

export type { RecoveryArgs } from "./recovery.args";

/**
 * Backups and the means to contain an incident (README "Recovery"; the contract: recovery.args.ts):
 * - the AWS Backup vault `<namePrefix>-backups` (the `backups` key, protected), and its vault lock;
 * - the role AWS Backup assumes, `<namePrefix>-backup`;
 * - one plan per configured class, whose recovery points expire with the retention (and are copied, with
 *   the same expiry, to another vault when asked), selecting by the tag `rampart:backup-class`;
 * - an EventBridge rule that sends failed, aborted and expired backup, copy and restore jobs to the
 *   alert topic;
 * - the isolation security group for nodes (no rule in, none out) that docs/runbooks/ attach.
 *
 * Account-wide AWS Backup settings stay with the account's owner, not here: DynamoDB recovery points are
 * encrypted with the vault's key and can be copied to another Region only with "advanced DynamoDB backup"
 * (`aws.backup.RegionSettings`, on by default for accounts that started using AWS Backup after November
 * 2021). @see https://docs.aws.amazon.com/aws-backup/latest/devguide/advanced-ddb-backup.html
 */
export class Recovery extends pulumi.ComponentResource {
  public readonly vaultName: pulumi.Output<string>;
  public readonly vaultArn: pulumi.Output<string>;
  public readonly backupRoleArn: pulumi.Output<string>;
  /** Plan ids by backup class (only the configured classes). */
  public readonly planIds: Readonly<Partial<Record<BackupClass, pulumi.Output<string>>>>;
  public readonly isolationSecurityGroupId: pulumi.Output<string>;

  constructor(name: string, args: RecoveryArgs, opts: pulumi.ComponentResourceOptions = {}) {
    assertValidArgs("Recovery", name, validateRecoveryArgs(args));
    super("rampart:operations:Recovery", name, {}, opts);
    const protect = args.protect ?? RECOVERY_DEFAULTS.protect;
    const tags = { ...args.tags };
    const parent = { parent: this };
    const partition = aws.getPartitionOutput({}, parent).partition;
    const region = aws.getRegionOutput({}, parent).region;
    const accountId = aws.getCallerIdentityOutput({}, parent).accountId;

    // Recovery points are encrypted with our `backups` key (S3 and advanced DynamoDB backups; EBS
    // snapshots keep the volume's key). The vault is never force-destroyed with its recovery points.
    // @see https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html
    const vault = new aws.backup.Vault(
      `${name}-vault`,
      { name: vaultName(args.namePrefix), kmsKeyArn: args.backupsKeyArn, forceDestroy: false, tags },
      { parent: this, protect },
    );

    // Compliance mode: after changeableForDays nobody, root included, deletes a recovery point before its
    // retention ends or removes the lock. Governance mode: holders of
    // backup:DeleteBackupVaultLockConfiguration can (no changeableForDays then).
    // @see https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
    const lock = args.vaultLock;
    const lockResource =
      lock &&
      new aws.backup.VaultLockConfiguration(
        `${name}-vault-lock`,
        {
          backupVaultName: vault.name,
          minRetentionDays: lock.minRetentionDays,
          maxRetentionDays: lock.maxRetentionDays,
          ...(lock.mode === "compliance"
            ? { changeableForDays: lock.changeableForDays ?? RECOVERY_DEFAULTS.changeableForDays }
            : {}),
        },
        { parent: this, protect },
      );

    const classes = BACKUP_CLASSES.filter((c) => args.plans[c] !== undefined);
    const role = new aws.iam.Role(
      `${name}-backup-role`,
      {
        name: backupRoleName(args.namePrefix),
        description: "AWS Backup: backs up and restores resources tagged rampart:backup-class",
        assumeRolePolicy: accountId.apply((a) => JSON.stringify(backupTrustPolicy(a))),
        tags,
      },
      parent,
    );
    const attachments = backupManagedPolicyArns("PARTITION").map(
      (arn, i) =>
        new aws.iam.RolePolicyAttachment(
          `${name}-backup-role-managed-${i}`,
          { role: role.name, policyArn: partition.apply((p) => arn.replace("PARTITION", p)) },
          parent,
        ),
    );
    const kmsPolicy = new aws.iam.RolePolicy(
      `${name}-backup-role-kms`,
      {
        role: role.name,
        name: "kms-through-services",
        policy: pulumi
          .all([region, args.backupsKeyArn, pulumi.all([...(args.sourceKeyArns ?? [])])])
          .apply(([r, vaultKeyArn, sourceKeyArns]) =>
            JSON.stringify(backupKmsPolicy({ region: r, vaultKeyArn, sourceKeyArns })),
          ),
      },
      parent,
    );

    const s3Policy = classes.includes("models")
      ? new aws.iam.RolePolicy(
          `${name}-backup-role-s3`,
          {
            role: role.name,
            name: "model-store",
            policy: partition.apply((p) =>
              JSON.stringify(
                backupS3Policy({ partition: p, bucketPrefix: modelBucketPrefix(args.namePrefix) }),
              ),
            ),
          },
          parent,
        )
      : undefined;

    const planIds: Partial<Record<BackupClass, pulumi.Output<string>>> = {};
    for (const cls of classes) {
      const spec = args.plans[cls]!;
      const plan = new aws.backup.Plan(
        `${name}-${cls}`,
        {
          name: planName(args.namePrefix, cls),
          rules: [vault.name.apply((v) => planRule(cls, spec, v))],
          tags: { ...tags, [BACKUP_CLASS_TAG]: cls },
        },
        // A locked vault refuses recovery points outside the lock's bounds: the lock first.
        { parent: this, dependsOn: lockResource ? [lockResource] : [] },
      );
      new aws.backup.Selection(
        `${name}-${cls}-selection`,
        {
          name: planName(args.namePrefix, cls),
          planId: plan.id,
          iamRoleArn: role.arn,
          ...selectionByTag(cls),
        },
        { parent: this, dependsOn: [...attachments, kmsPolicy, ...(s3Policy ? [s3Policy] : [])] },
      );
      planIds[cls] = plan.id;
    }

    // The alert topic's policy (SiemPipeline's) admits every EventBridge rule of this account, and its
    // key EventBridge's publishing: no second topic policy here.
    if (args.alertTopicArn !== undefined) {
      const rule = new aws.cloudwatch.EventRule(
        `${name}-job-failed`,
        {
          name: jobAlertRuleName(args.namePrefix),
          description: "AWS Backup backup, copy or restore job FAILED, ABORTED or EXPIRED (docs/ROLLBACK.md)",
          eventPattern: accountId.apply((a) => JSON.stringify(failedJobEventPattern(a))),
          tags,
        },
        parent,
      );
      new aws.cloudwatch.EventTarget(
        `${name}-job-failed-target`,
        { rule: rule.name, arn: args.alertTopicArn },
        parent,
      );
    }

    // No ingress and no egress: with `egress: []` the provider also removes the allow-all egress rule AWS
    // adds to every new VPC security group. Attached alone to an instance, it cuts every flow.
    // @see https://www.pulumi.com/registry/packages/aws/api-docs/ec2/securitygroup/ (NOTE on Egress rules)
    // @see https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
    const isolation = new aws.ec2.SecurityGroup(
      `${name}-isolation`,
      {
        name: isolationGroupName(args.namePrefix),
        description: ISOLATION_DESCRIPTION,
        vpcId: args.vpcId,
        ingress: [],
        egress: [],
        revokeRulesOnDelete: true,
        tags: { ...tags, Name: isolationGroupName(args.namePrefix), "rampart:purpose": "isolation" },
      },
      parent,
    );

    this.vaultName = vault.name;
    this.vaultArn = vault.arn;
    this.backupRoleArn = role.arn;
    this.planIds = planIds;
    this.isolationSecurityGroupId = isolation.id;
    this.registerOutputs({
      vaultName: this.vaultName,
      vaultArn: this.vaultArn,
      backupRoleArn: this.backupRoleArn,
      isolationSecurityGroupId: this.isolationSecurityGroupId,
    });
  }
}
