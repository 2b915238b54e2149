import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { encryptedLogGroup } from "../shared/logGroup";
import { BACKUP_CLASS_TAG, type BackupClass } from "../operations/recovery.args";
import { assertValidArgs } from "../shared/problems";
import type { PrivacyControlsArgs } from "./privacyControls.args";
import {
  CONSENT_GRACE_TAG,
  CONSENT_SCHEMA,
  consentTableName,
  consentTablePolicy,
  DATA_CLASS_TAG,
  DATA_IDENTIFIERS,
  type DataClass,
  dataIdentifierArn,
  dataProtectionPolicy,
  PRIVACY_CONTROLS_DEFAULTS,
  privacyLogGroupNames,
  SENSITIVE_DATA_ALARM,
  transcriptBucketPolicy,
  transcriptBucketPrefix,
  validatePrivacyControlsArgs,
} from "./privacyControls.logic";

export type { PrivacyControlsArgs } from "./privacyControls.args";

/**
 * Where prompts, transcripts and consent live, and how long: the transcript bucket (privacy key, TLS
 * 1.2+, no public access, writers and auditors only, expiry of current and noncurrent versions), the
 * application and transcript log groups with CloudWatch Logs data protection (findings to an audit log
 * group), and the consent ledger (DynamoDB: privacy key, PITR, deletion protection, TTL, a resource
 * policy that admits only the writer and audit roles to its data). Policies in privacyControls.policies.ts.
 */
export class PrivacyControls extends pulumi.ComponentResource {
  /** The transcript bucket (undefined when `storeTranscripts` is false); the SIEM's trail logs its data events. */
  public readonly transcriptBucketArn: pulumi.Output<string | undefined>;
  public readonly transcriptBucketName: pulumi.Output<string | undefined>;
  public readonly applicationLogGroupName: pulumi.Output<string>;
  public readonly applicationLogGroupArn: pulumi.Output<string>;
  /** Undefined when `storeTranscripts` is false. */
  public readonly transcriptLogGroupName: pulumi.Output<string | undefined>;
  public readonly auditLogGroupName: pulumi.Output<string>;
  public readonly consentTableName: pulumi.Output<string>;
  public readonly consentTableArn: pulumi.Output<string>;

  constructor(name: string, args: PrivacyControlsArgs, opts: pulumi.ComponentResourceOptions = {}) {
    assertValidArgs("PrivacyControls", name, validatePrivacyControlsArgs(args));
    super("rampart:privacy:PrivacyControls", name, {}, opts);
    const d = PRIVACY_CONTROLS_DEFAULTS;
    const parent = { parent: this };
    const protect = args.protect ?? d.protect;
    const writers = args.writerRoleArns ?? d.writerRoleArns;
    const auditors = args.auditRoleArns ?? d.auditRoleArns;
    const tagged = (cls: DataClass) => ({ ...args.tags, [DATA_CLASS_TAG]: cls });
    const partition = aws.getPartitionOutput({}, parent).partition;
    const groups = privacyLogGroupNames(args.logGroupPrefix);

    // Findings first: the data protection policies name this group, which must exist.
    const audit = encryptedLogGroup(
      `${name}-data-protection-audit`,
      {
        name: groups.audit,
        kmsKeyArn: args.privacyKeyArn,
        retentionDays: args.auditLogRetentionDays ?? d.auditLogRetentionDays,
        tags: tagged("audit-logs"),
      },
      parent,
    );
    const application = this.protectedLogGroup(name, "application", {
      name: groups.application,
      retentionDays: args.applicationLogRetentionDays,
      cls: "application-logs",
      args,
      audit,
      partition,
    });
    const storeTranscripts = args.storeTranscripts ?? d.storeTranscripts;
    const transcriptLogs = storeTranscripts
      ? this.protectedLogGroup(name, "transcripts", {
          name: groups.transcripts,
          retentionDays: args.transcriptRetentionDays,
          cls: "transcripts",
          args,
          audit,
          partition,
        })
      : undefined;
    const bucket = storeTranscripts
      ? this.transcriptBucket(name, args, tagged("transcripts"), protect, writers, auditors)
      : undefined;
    const table = this.consentLedger(name, args, protect, writers, auditors);
    this.findingsAlarm(name, args, audit);

    this.transcriptBucketArn = bucket ? bucket.arn : pulumi.output(undefined);
    this.transcriptBucketName = bucket ? bucket.bucket : pulumi.output(undefined);
    this.applicationLogGroupName = application.name;
    this.applicationLogGroupArn = application.arn;
    this.transcriptLogGroupName = transcriptLogs ? transcriptLogs.name : pulumi.output(undefined);
    this.auditLogGroupName = audit.name;
    this.consentTableName = table.name;
    this.consentTableArn = table.arn;
    this.registerOutputs({
      transcriptBucketArn: this.transcriptBucketArn,
      transcriptBucketName: this.transcriptBucketName,
      applicationLogGroupName: this.applicationLogGroupName,
      applicationLogGroupArn: this.applicationLogGroupArn,
      transcriptLogGroupName: this.transcriptLogGroupName,
      auditLogGroupName: this.auditLogGroupName,
      consentTableName: this.consentTableName,
      consentTableArn: this.consentTableArn,
    });
  }

  /**
   * A log group under the privacy key with a data protection policy: CloudWatch Logs masks the managed
   * identifiers at ingestion (only `logs:Unmask` reveals them) and reports each finding to the audit
   * group. Events ingested before the policy exists are not masked, so the policy depends on the group
   * only, and nothing should write before `pulumi up` completes.
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/mask-sensitive-log-data.html
   */
  private protectedLogGroup(
    name: string,
    role: string,
    c: {
      name: string;
      retentionDays: number;
      cls: DataClass;
      args: PrivacyControlsArgs;
      audit: aws.cloudwatch.LogGroup;
      partition: pulumi.Output<string>;
    },
  ): aws.cloudwatch.LogGroup {
    const group = encryptedLogGroup(
      `${name}-${role}-logs`,
      {
        name: c.name,
        kmsKeyArn: c.args.privacyKeyArn,
        retentionDays: c.retentionDays,
        tags: { ...c.args.tags, [DATA_CLASS_TAG]: c.cls },
      },
      { parent: this },
    );
    new aws.cloudwatch.LogDataProtectionPolicy(
      `${name}-${role}-logs-data-protection`,
      {
        logGroupName: group.name,
        policyDocument: pulumi.all([c.partition, c.audit.name]).apply(([partition, auditGroup]) =>
          JSON.stringify(
            dataProtectionPolicy({
              name: `${c.args.namePrefix}-${role}`,
              identifierArns: DATA_IDENTIFIERS.map((id) => dataIdentifierArn(id, partition)),
              auditLogGroupName: auditGroup,
            }),
          ),
        ),
      },
      { parent: this },
    );
    return group;
  }

  /**
   * A finding means personal data or a credential reached CloudWatch Logs unredacted (the shipper's
   * redaction is the first line): count findings, and alarm on the first one when a topic is given.
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
   */
  private findingsAlarm(name: string, args: PrivacyControlsArgs, audit: aws.cloudwatch.LogGroup): void {
    const a = SENSITIVE_DATA_ALARM;
    const namespace = a.namespace(args.namePrefix);
    new aws.cloudwatch.LogMetricFilter(
      `${name}-sensitive-data-findings`,
      {
        logGroupName: audit.name,
        name: a.metricName,
        // An empty pattern matches every event: each event of the audit group is a finding.
        pattern: "",
        metricTransformation: { name: a.metricName, namespace, value: "1", defaultValue: "0" },
      },
      { parent: this },
    );
    if (args.alarmTopicArn === undefined) return;
    new aws.cloudwatch.MetricAlarm(
      `${name}-sensitive-data-in-logs`,
      {
        name: `${args.namePrefix}-${a.id}`,
        alarmDescription: `Personal data or a credential reached a protected log group unredacted. Runbook: ${a.runbook}`,
        namespace,
        metricName: a.metricName,
        statistic: "Sum",
        period: a.periodSeconds,
        evaluationPeriods: 1,
        threshold: a.threshold,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [args.alarmTopicArn],
        tags: { ...args.tags },
      },
      { parent: this },
    );
  }

  /**
   * The transcript bucket: SSE-KMS with the privacy key and bucket keys (fewer KMS calls), ACLs off,
   * public access blocked, versioned, and a lifecycle that expires current versions after the retention
   * window and noncurrent ones a day after they become noncurrent, so a transcript lives at most
   * `transcriptRetentionDays` + 1 days (plus S3's asynchronous lifecycle lag) whichever way it went.
   * Server access logging is left off: the SIEM's CloudTrail data events on this bucket record who read
   * and wrote which object.
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-configuration-examples.html
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/logging-with-S3.html
   */
  private transcriptBucket(
    name: string,
    args: PrivacyControlsArgs,
    tags: Record<string, string>,
    protect: boolean,
    writers: readonly pulumi.Input<string>[],
    auditors: readonly pulumi.Input<string>[],
  ): aws.s3.Bucket {
    const parent = { parent: this };
    // Sub-resources name the bucket by `bucket` (its name, which is also its id in AWS), so that an
    // export links them to the bucket's ARN the same way whatever the engine reports as the id.
    const bucket = new aws.s3.Bucket(
      `${name}-transcripts`,
      {
        bucketPrefix: transcriptBucketPrefix(args.namePrefix),
        tags: { ...tags, Name: `${name}-transcripts` },
      },
      { parent: this, protect },
    );
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
      `${name}-transcripts-public-access`,
      {
        bucket: bucket.bucket,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      parent,
    );
    new aws.s3.BucketOwnershipControls(
      `${name}-transcripts-ownership`,
      { bucket: bucket.bucket, rule: { objectOwnership: "BucketOwnerEnforced" } },
      parent,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-transcripts-encryption`,
      {
        bucket: bucket.bucket,
        rules: [
          {
            applyServerSideEncryptionByDefault: {
              sseAlgorithm: "aws:kms",
              kmsMasterKeyId: args.privacyKeyArn,
            },
            bucketKeyEnabled: true,
          },
        ],
      },
      parent,
    );
    const versioning = new aws.s3.BucketVersioning(
      `${name}-transcripts-versioning`,
      { bucket: bucket.bucket, versioningConfiguration: { status: "Enabled" } },
      parent,
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-transcripts-lifecycle`,
      {
        bucket: bucket.bucket,
        rules: [
          {
            id: "expire-transcripts",
            status: "Enabled",
            filter: {},
            expiration: { days: args.transcriptRetentionDays },
            noncurrentVersionExpiration: { noncurrentDays: 1 },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
          },
        ],
      },
      { parent: this, dependsOn: [versioning] },
    );
    new aws.s3.BucketPolicy(
      `${name}-transcripts-policy`,
      {
        bucket: bucket.bucket,
        policy: pulumi
          .all([bucket.arn, args.privacyKeyArn, pulumi.all([...writers]), pulumi.all([...auditors])])
          .apply(([bucketArn, keyArn, writerRoleArns, auditRoleArns]) =>
            JSON.stringify(transcriptBucketPolicy({ bucketArn, keyArn, writerRoleArns, auditRoleArns })),
          ),
      },
      // The public access block first: its BlockPublicPolicy check then applies to this policy.
      { parent: this, dependsOn: [publicAccess] },
    );
    return bucket;
  }

  /**
   * The consent ledger: on-demand capacity, the privacy key, point-in-time recovery, deletion protection,
   * TTL on `expiresAt`, and a resource policy that leaves its data to the writer and audit roles.
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Point-in-time-recovery.html
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection
   */
  private consentLedger(
    name: string,
    args: PrivacyControlsArgs,
    protect: boolean,
    writers: readonly pulumi.Input<string>[],
    auditors: readonly pulumi.Input<string>[],
  ): aws.dynamodb.Table {
    const grace = args.consentGraceDays ?? PRIVACY_CONTROLS_DEFAULTS.consentGraceDays;
    const table = new aws.dynamodb.Table(
      `${name}-consent-ledger`,
      {
        name: consentTableName(args.namePrefix),
        billingMode: "PAY_PER_REQUEST",
        hashKey: CONSENT_SCHEMA.hashKey,
        rangeKey: CONSENT_SCHEMA.rangeKey,
        attributes: [
          { name: CONSENT_SCHEMA.hashKey, type: "S" },
          { name: CONSENT_SCHEMA.rangeKey, type: "S" },
        ],
        serverSideEncryption: { enabled: true, kmsKeyArn: args.privacyKeyArn },
        pointInTimeRecovery: { enabled: true },
        deletionProtectionEnabled: true,
        ttl: { attributeName: CONSENT_SCHEMA.ttlAttribute, enabled: true },
        tags: {
          ...args.tags,
          [DATA_CLASS_TAG]: "consent" satisfies DataClass,
          [CONSENT_GRACE_TAG]: String(grace),
          // Recovery's backup plan for the consent class selects the table by this tag.
          [BACKUP_CLASS_TAG]: "consent" satisfies BackupClass,
        },
      },
      { parent: this, protect },
    );
    new aws.dynamodb.ResourcePolicy(
      `${name}-consent-ledger-policy`,
      {
        resourceArn: table.arn,
        policy: pulumi
          .all([table.arn, pulumi.all([...writers]), pulumi.all([...auditors])])
          .apply(([tableArn, writerRoleArns, auditRoleArns]) =>
            JSON.stringify(consentTablePolicy({ tableArn, writerRoleArns, auditRoleArns })),
          ),
      },
      { parent: this },
    );
    return table;
  }
}
