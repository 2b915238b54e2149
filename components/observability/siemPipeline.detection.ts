import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { encryptedLogGroup } from "../shared/logGroup";
import { assertValidArgs, type ArgProblem, Problems } from "../shared/problems";
import { logRetentionProblem, tagArgProblems } from "../shared/rules";
import type { SiemDetectionArgs } from "./siemPipeline.args";
import {
  CONFIG_RECORDING,
  CONFIG_S3_KEY_PREFIX,
  CONFIG_SNAPSHOT_FREQUENCY,
  configDeliveryPolicy,
  configRolePolicyArn,
  configTrustPolicy,
  detectionProblems,
  findingsLogGroupName,
  findingsLogResourcePolicy,
  GUARDDUTY_FEATURES,
  GUARDDUTY_PUBLISHING_FREQUENCY,
  resolveDetection,
  SECURITY_HUB_ACCOUNT,
  securityHubStandardsArns,
} from "./siemPipeline.detection.logic";
import { findingRoutes } from "./siemPipeline.findings";

/**
 * The detection part of `SiemPipeline`: GuardDuty, Security Hub, AWS Config, and the EventBridge rules
 * that send findings to the alert topic and to the findings log group the SIEM subscribes. A builder,
 * not a component: children are parented to `scope` and named `${name}-<role>`.
 */

export interface DetectionInputs {
  /** `<project>-<stack>`: global names (Config's recorder and channel, rules, the log policy). */
  readonly namePrefix: string;
  /** `/rampart/<stack>/`: the findings log group is `${logGroupPrefix}findings`. */
  readonly logGroupPrefix: string;
  /** The KeyRing's `siem` key: the findings log group and Config's deliveries. */
  readonly siemKeyArn: pulumi.Input<string>;
  /** The archive bucket (its policy admits Config under `config/AWSLogs/<account>/Config/`). */
  readonly archiveBucketName: pulumi.Input<string>;
  /** The encrypted SNS alert topic (its policy must admit events.amazonaws.com). */
  readonly alertTopicArn: pulumi.Input<string>;
  /**
   * The cluster GuardDuty monitors. Informational: EKS_ADDON_MANAGEMENT at the account level covers every
   * cluster of the account and Region, this one included, with no per-cluster resource.
   */
  readonly clusterName: pulumi.Input<string>;
  readonly detection?: SiemDetectionArgs;
  /** Days the findings log group keeps events. */
  readonly logRetentionDays: number;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface DetectionOutputs {
  readonly findingsLogGroupName: pulumi.Output<string>;
  readonly findingsLogGroupArn: pulumi.Output<string>;
  readonly detectorId?: pulumi.Output<string>;
  readonly configRecorderName?: pulumi.Output<string>;
  readonly configRoleArn?: pulumi.Output<string>;
  /** EventBridge rule ARNs by role (`guardduty-alerts`, `session-alerts`, ...). */
  readonly ruleArns: Readonly<Record<string, pulumi.Output<string>>>;
}

/** Every problem of the builder's inputs, paths as in `SiemPipelineArgs`. */
export function detectionInputProblems(i: DetectionInputs): ArgProblem[] {
  const p = new Problems();
  p.under(["detection"], detectionProblems(i.detection));
  const retention = logRetentionProblem(i.logRetentionDays);
  if (retention) p.at(["logRetentionDays"], i.logRetentionDays, retention);
  if (!/^\/[\w./-]*\/$/.test(i.logGroupPrefix))
    p.at(["logGroupPrefix"], i.logGroupPrefix, 'is not a log group prefix (expected e.g. "/rampart/prod/")');
  p.under([], tagArgProblems(i.tags));
  return p.list;
}

export function createDetection(scope: pulumi.Resource, name: string, i: DetectionInputs): DetectionOutputs {
  assertValidArgs("SiemPipeline", name, detectionInputProblems(i));
  const d = resolveDetection(i.detection);
  const parent = { parent: scope };
  const tags = (role: string, extra: Record<string, string> = {}) => ({
    ...i.tags,
    Name: `${i.namePrefix}-${role}`,
    ...extra,
  });
  const partition = aws.getPartitionOutput({}, parent).partition;
  const region = aws.getRegionOutput({}, parent).region;
  const accountId = aws.getCallerIdentityOutput({}, parent).accountId;

  const detectorId = d.guardDuty ? guardDuty(scope, name, tags) : undefined;
  if (d.securityHub) securityHub(scope, name, partition, region);
  const config = d.config ? awsConfig(scope, name, i, tags, partition, accountId) : undefined;

  // Findings log group, and the account's log resource policy admitting EventBridge to it.
  const findingsGroup = encryptedLogGroup(
    `${name}-findings-logs`,
    {
      name: findingsLogGroupName(i.logGroupPrefix),
      kmsKeyArn: i.siemKeyArn,
      retentionDays: i.logRetentionDays,
      tags: tags("findings-logs", { "rampart:data-class": "findings" }),
    },
    parent,
  );
  const logPolicy = new aws.cloudwatch.LogResourcePolicy(
    `${name}-findings-logs-policy`,
    {
      policyName: `${i.namePrefix}-findings-events`,
      policyDocument: findingsGroup.arn.apply((arn) => JSON.stringify(findingsLogResourcePolicy(arn))),
    },
    parent,
  );

  const ruleArns: Record<string, pulumi.Output<string>> = {};
  for (const route of findingRoutes(d)) {
    const rule = new aws.cloudwatch.EventRule(
      `${name}-${route.role}`,
      {
        name: `${i.namePrefix}-${route.role}`,
        description: route.description,
        eventPattern: JSON.stringify(route.pattern),
        tags: tags(route.role),
      },
      parent,
    );
    new aws.cloudwatch.EventTarget(
      `${name}-${route.role}-target`,
      route.target === "alerts"
        ? {
            rule: rule.name,
            arn: i.alertTopicArn,
            inputTransformer: route.message && {
              inputPaths: { ...route.message.inputPaths },
              inputTemplate: route.message.inputTemplate,
            },
          }
        : { rule: rule.name, arn: findingsGroup.arn },
      { parent: scope, dependsOn: route.target === "alerts" ? [] : [logPolicy] },
    );
    ruleArns[route.role] = rule.arn;
  }

  return {
    findingsLogGroupName: findingsGroup.name,
    findingsLogGroupArn: findingsGroup.arn,
    detectorId,
    configRecorderName: config?.recorderName,
    configRoleArn: config?.roleArn,
    ruleArns,
  };
}

type Tagger = (role: string, extra?: Record<string, string>) => Record<string, string>;

function guardDuty(scope: pulumi.Resource, name: string, tags: Tagger): pulumi.Output<string> {
  const detector = new aws.guardduty.Detector(
    `${name}-guardduty`,
    { enable: true, findingPublishingFrequency: GUARDDUTY_PUBLISHING_FREQUENCY, tags: tags("guardduty") },
    { parent: scope },
  );
  for (const f of GUARDDUTY_FEATURES) {
    new aws.guardduty.DetectorFeature(
      `${name}-guardduty-${f.role}`,
      {
        detectorId: detector.id,
        name: f.name,
        status: "ENABLED",
        additionalConfigurations: f.additionalConfigurations?.map((c) => ({ ...c })),
      },
      { parent: scope },
    );
  }
  return detector.id;
}

function securityHub(
  scope: pulumi.Resource,
  name: string,
  partition: pulumi.Output<string>,
  region: pulumi.Output<string>,
): void {
  const account = new aws.securityhub.Account(
    `${name}-securityhub`,
    { ...SECURITY_HUB_ACCOUNT },
    { parent: scope },
  );
  const arns = pulumi.all([partition, region]).apply(([p, r]) => securityHubStandardsArns(p, r));
  for (const key of ["fsbp", "cis"] as const) {
    new aws.securityhub.StandardsSubscription(
      `${name}-securityhub-${key}`,
      { standardsArn: arns.apply((a) => a[key]) },
      { parent: scope, dependsOn: [account] },
    );
  }
}

function awsConfig(
  scope: pulumi.Resource,
  name: string,
  i: DetectionInputs,
  tags: Tagger,
  partition: pulumi.Output<string>,
  accountId: pulumi.Output<string>,
) {
  const parent = { parent: scope };
  const role = new aws.iam.Role(
    `${name}-config-role`,
    {
      name: `${i.namePrefix}-config`,
      description: "AWS Config recorder: reads resource configuration, delivers to the SIEM archive",
      assumeRolePolicy: accountId.apply((a) => JSON.stringify(configTrustPolicy(a))),
      tags: tags("config-role"),
    },
    parent,
  );
  const managed = new aws.iam.RolePolicyAttachment(
    `${name}-config-role-managed`,
    { role: role.name, policyArn: partition.apply(configRolePolicyArn) },
    parent,
  );
  const delivery = new aws.iam.RolePolicy(
    `${name}-config-role-delivery`,
    {
      role: role.name,
      policy: pulumi
        .all([partition, accountId, i.archiveBucketName, i.siemKeyArn])
        .apply(([p, a, bucketName, siemKeyArn]) =>
          JSON.stringify(configDeliveryPolicy({ partition: p, accountId: a, bucketName, siemKeyArn })),
        ),
    },
    parent,
  );
  const recorder = new aws.cfg.Recorder(
    `${name}-config-recorder`,
    {
      name: `${i.namePrefix}-recorder`,
      roleArn: role.arn,
      recordingGroup: { ...CONFIG_RECORDING.recordingGroup },
      recordingMode: { ...CONFIG_RECORDING.recordingMode },
    },
    { parent: scope, dependsOn: [managed] },
  );
  const channel = new aws.cfg.DeliveryChannel(
    `${name}-config-delivery`,
    {
      name: `${i.namePrefix}-delivery`,
      s3BucketName: i.archiveBucketName,
      s3KeyPrefix: CONFIG_S3_KEY_PREFIX,
      s3KmsKeyArn: i.siemKeyArn,
      snapshotDeliveryProperties: { deliveryFrequency: CONFIG_SNAPSHOT_FREQUENCY },
    },
    { parent: scope, dependsOn: [recorder, delivery] },
  );
  // Recording starts only once the channel exists (StartConfigurationRecorder fails without one).
  new aws.cfg.RecorderStatus(
    `${name}-config-recorder-status`,
    { name: recorder.name, isEnabled: true },
    { parent: scope, dependsOn: [channel] },
  );
  return { recorderName: recorder.name, roleArn: role.arn };
}
