import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { assertValidArgs } from "../shared/problems";
import { createArchiveAccessLogs } from "./siemPipeline.accessLogs";
import { createAlerts } from "./siemPipeline.alarms";
import { createArchive, createArchivePolicy } from "./siemPipeline.archive";
import type { SiemPipelineArgs } from "./siemPipeline.args";
import { createSearchBootstrap } from "./siemPipeline.bootstrap";
import { createDetection } from "./siemPipeline.detection";
import { guardDutyAgentTolerationPatch, resolveDetection } from "./siemPipeline.detection.logic";
import { createFirehose } from "./siemPipeline.firehose";
import { SIEM_PIPELINE_DEFAULTS, trailArn, trailName } from "./siemPipeline.logic";
import { createSearch } from "./siemPipeline.search";
import { createSearchNetwork } from "./siemPipeline.searchNetwork";
import { createSubscriptions } from "./siemPipeline.subscriptions";
import { createTrail } from "./siemPipeline.trail";
import { createBreakGlassAlarm } from "../identity/accessControl.alarm";
import { validateSiemPipelineArgs } from "./siemPipeline.validate";

export type { SiemPipelineArgs } from "./siemPipeline.args";

/**
 * The AWS side of security monitoring, end to end (README "SIEM pipeline"):
 * - the log archive (S3 Object Lock, the `siem` key) and its own access-log bucket;
 * - CloudTrail (every Region, validated, data events for the given buckets) into the archive and a log
 *   group, the CIS metric filters and alarms on it, and the encrypted SNS alert topic;
 * - GuardDuty, Security Hub and AWS Config, findings routed to the topic and to a findings log group;
 * - Amazon OpenSearch Service in the logging tier, fed by Firehose (the in-cluster shipper's stream, and
 *   every source log group through subscription filters), its security roles and index lifecycle set
 *   by a bootstrap function.
 * The in-cluster half is `LogShipper` and `SecurityMonitoring`; transcripts and consent are `PrivacyControls`.
 */
export class SiemPipeline extends pulumi.ComponentResource {
  public readonly archiveBucketName: pulumi.Output<string>;
  public readonly archiveBucketArn: pulumi.Output<string>;
  public readonly trailArn: pulumi.Output<string>;
  public readonly trailLogGroupName: pulumi.Output<string>;
  public readonly alertTopicArn: pulumi.Output<string>;
  public readonly findingsLogGroupName: pulumi.Output<string>;
  public readonly domainArn: pulumi.Output<string>;
  public readonly domainEndpoint: pulumi.Output<string>;
  /** The stream the in-cluster shipper writes to (`LogShipperArgs.streamName` / `streamArn`). */
  public readonly shipperStreamName: pulumi.Output<string>;
  public readonly shipperStreamArn: pulumi.Output<string>;
  /** GuardDuty's detector, when this stack runs it. */
  public readonly detectorId: pulumi.Output<string> | undefined;

  constructor(name: string, args: SiemPipelineArgs, opts: pulumi.ComponentResourceOptions = {}) {
    assertValidArgs("SiemPipeline", name, validateSiemPipelineArgs(args));
    super("rampart:observability:SiemPipeline", name, {}, opts);
    const d = SIEM_PIPELINE_DEFAULTS;
    const protect = args.protect ?? d.protect;
    const tags = { ...args.tags };
    const common = { namePrefix: args.namePrefix, logGroupPrefix: args.logGroupPrefix, tags };
    const parent = { parent: this };
    const partition = aws.getPartitionOutput({}, parent).partition;
    const region = aws.getRegionOutput({}, parent).region;
    const accountId = aws.getCallerIdentityOutput({}, parent).accountId;

    // The archive first: every writer's statement names it.
    const archive = createArchive(this, name, {
      namePrefix: args.namePrefix,
      siemKeyArn: args.siemKeyArn,
      archive: args.archive,
      protect,
      tags,
    });
    createArchiveAccessLogs(this, name, {
      namePrefix: args.namePrefix,
      archiveBucketName: archive.bucketName,
      archiveBucketArn: archive.bucketArn,
      expireAfterDays: args.archive.expireAfterDays,
      protect,
      tags,
    });

    // OpenSearch in the logging tier, and the Firehose streams into it (their backup role writes to the archive).
    const network = createSearchNetwork(this, name, {
      vpcId: args.vpcId,
      dashboardCidrs: args.dashboardCidrs ?? [],
      tags,
    });
    const search = createSearch(this, name, {
      ...common,
      siemKeyArn: args.siemKeyArn,
      vpcId: args.vpcId,
      loggingSubnetIds: args.loggingSubnetIds,
      domainSecurityGroupId: network.domainSecurityGroupId,
      dashboardCidrs: args.dashboardCidrs ?? [],
      search: args.search,
      logRetentionDays: args.logRetentionDays,
      protect,
    });
    const firehose = createFirehose(this, name, {
      ...common,
      siemKeyArn: args.siemKeyArn,
      loggingSubnetIds: args.loggingSubnetIds,
      firehoseSecurityGroupId: network.firehoseSecurityGroupId,
      domainArn: search.domainArn,
      domainEndpoint: search.domainEndpoint,
      archiveBucketArn: archive.bucketArn,
      logRetentionDays: args.logRetentionDays,
    });

    // The archive's policy names the trail (known before it exists) and the backup roles; the trail
    // is created only once CloudTrail may write.
    const ourTrailArn = pulumi
      .all([partition, region, accountId])
      .apply(([p, r, a]) =>
        trailArn({ partition: p, region: r, accountId: a, name: trailName(args.namePrefix) }),
      );
    const archivePolicy = createArchivePolicy(this, name, {
      bucket: archive.bucketName,
      accountId,
      partition,
      trailArn: ourTrailArn,
      writerRoleArns: firehose.backupRoleArns,
    });
    const trail = createTrail(this, name, {
      ...common,
      siemKeyArn: args.siemKeyArn,
      archiveBucketName: archive.bucketName,
      dataEventBucketArns: args.trail.dataEventBucketArns,
      logRetentionDays: args.logRetentionDays,
      dependsOn: [archivePolicy],
    });
    const alerts = createAlerts(this, name, {
      namePrefix: args.namePrefix,
      siemKeyArn: args.siemKeyArn,
      trailLogGroupName: trail.logGroupName,
      alertEmails: args.alertEmails,
      tags,
    });
    // The break-glass role's use, watched on the trail like the CIS events, to the same topic.
    if (args.breakGlassRoleArn !== undefined)
      createBreakGlassAlarm(this, name, {
        namePrefix: args.namePrefix,
        roleArn: args.breakGlassRoleArn,
        trailLogGroupName: trail.logGroupName,
        alertTopicArn: alerts.topicArn,
        tags,
      });
    const detection = createDetection(this, name, {
      ...common,
      siemKeyArn: args.siemKeyArn,
      archiveBucketName: archive.bucketName,
      alertTopicArn: alerts.topicArn,
      clusterName: args.clusterName,
      detection: args.detection,
      logRetentionDays: args.logRetentionDays,
    });

    // GPU nodes are monitored too: the GuardDuty-managed agent tolerates the pools' taints.
    if (
      args.guardDutyAgent &&
      resolveDetection(args.detection).guardDuty &&
      args.guardDutyAgent.taints.length > 0
    )
      new k8s.apps.v1.DaemonSetPatch(
        `${name}-guardduty-agent-tolerations`,
        guardDutyAgentTolerationPatch(args.guardDutyAgent.taints),
        { parent: this, provider: args.guardDutyAgent.kubeProvider },
      );

    // Every source group, the trail's and the findings', into the SIEM.
    createSubscriptions(this, name, {
      ...common,
      siemKeyArn: args.siemKeyArn,
      sourceLogGroupNames: [...args.sourceLogGroupNames, trail.logGroupName, detection.findingsLogGroupName],
      cloudwatchStreamName: firehose.cloudwatchStreamName,
      cloudwatchStreamArn: firehose.cloudwatchStreamArn,
      logRetentionDays: args.logRetentionDays,
    });
    createSearchBootstrap(this, name, {
      logGroupPrefix: args.logGroupPrefix,
      siemKeyArn: args.siemKeyArn,
      loggingSubnetIds: args.loggingSubnetIds,
      bootstrapSecurityGroupId: network.bootstrapSecurityGroupId,
      masterRoleArn: search.masterRoleArn,
      masterRoleName: search.masterRoleName,
      domainEndpoint: search.domainEndpoint,
      firehoseRoleArn: firehose.firehoseRoleArn,
      retentionDays: args.search.retentionDays,
      readerGroup: args.search.saml?.readerGroup,
      logRetentionDays: args.logRetentionDays,
      dependsOn: [...network.rules],
      tags,
    });

    this.archiveBucketName = archive.bucketName;
    this.archiveBucketArn = archive.bucketArn;
    this.trailArn = trail.trailArn;
    this.trailLogGroupName = trail.logGroupName;
    this.alertTopicArn = alerts.topicArn;
    this.findingsLogGroupName = detection.findingsLogGroupName;
    this.domainArn = search.domainArn;
    this.domainEndpoint = search.domainEndpoint;
    this.shipperStreamName = firehose.shipperStreamName;
    this.shipperStreamArn = firehose.shipperStreamArn;
    this.detectorId = detection.detectorId;
    this.registerOutputs({
      archiveBucketName: this.archiveBucketName,
      trailArn: this.trailArn,
      alertTopicArn: this.alertTopicArn,
      domainArn: this.domainArn,
      domainEndpoint: this.domainEndpoint,
      shipperStreamName: this.shipperStreamName,
      shipperStreamArn: this.shipperStreamArn,
    });
  }
}
