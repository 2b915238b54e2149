import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CIS_ALARM_EVALUATION, CIS_ALARMS } from "./siemPipeline.cis";
import { alertTopicName, alertTopicPolicy, SIEM_PIPELINE_DEFAULTS } from "./siemPipeline.logic";

export interface AlertsInputs {
  readonly namePrefix: string;
  /** The KeyRing's `siem` key (its policy lets CloudWatch and EventBridge use it for SNS). */
  readonly siemKeyArn: pulumi.Input<string>;
  /** The trail's CloudWatch log group, which the CIS metric filters read. */
  readonly trailLogGroupName: pulumi.Input<string>;
  /** @default [] */
  readonly alertEmails?: readonly string[];
  readonly tags?: Readonly<Record<string, string>>;
}

export interface AlertsOutputs {
  readonly topic: aws.sns.Topic;
  readonly topicArn: pulumi.Output<string>;
  /** Alarm ARNs by CIS row id. */
  readonly alarmArns: Readonly<Record<string, pulumi.Output<string>>>;
}

/** The namespace of the CIS metrics: one per stack, so two stacks in an account do not add up. */
export const cisMetricNamespace = (namePrefix: string) => `Rampart/${namePrefix}/CIS`;

/**
 * The alert topic (SSE with the `siem` key; only our CloudWatch alarms and EventBridge rules publish,
 * over TLS), its e-mail subscriptions, and one metric filter + alarm per CIS row (siemPipeline.cis.ts).
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html
 */
export function createAlerts(scope: pulumi.Resource, name: string, inputs: AlertsInputs): AlertsOutputs {
  const parent = { parent: scope };
  const tags = { ...inputs.tags };
  const identity = aws.getCallerIdentityOutput({}, parent);
  const region = aws.getRegionOutput({}, parent);
  const partition = aws.getPartitionOutput({}, parent);

  const topic = new aws.sns.Topic(
    `${name}-alerts`,
    { name: alertTopicName(inputs.namePrefix), kmsMasterKeyId: inputs.siemKeyArn, tags },
    parent,
  );
  new aws.sns.TopicPolicy(
    `${name}-alerts-policy`,
    {
      arn: topic.arn,
      policy: pulumi
        .all([partition.partition, region.region, identity.accountId, topic.arn])
        .apply(([p, r, accountId, topicArn]) =>
          JSON.stringify(alertTopicPolicy({ partition: p, region: r, accountId, topicArn })),
        ),
    },
    parent,
  );
  // Each address gets a confirmation mail; nothing is delivered to it until it confirms.
  (inputs.alertEmails ?? SIEM_PIPELINE_DEFAULTS.alertEmails).forEach(
    (email, i) =>
      new aws.sns.TopicSubscription(
        `${name}-alerts-email-${i}`,
        { topic: topic.arn, protocol: "email", endpoint: email },
        parent,
      ),
  );

  const namespace = cisMetricNamespace(inputs.namePrefix);
  const e = CIS_ALARM_EVALUATION;
  const alarmArns: Record<string, pulumi.Output<string>> = {};
  for (const row of CIS_ALARMS) {
    const metricName = `cis-${row.id}`;
    const filter = new aws.cloudwatch.LogMetricFilter(
      `${name}-cis-${row.id}`,
      {
        name: `${inputs.namePrefix}-cis-${row.id}`,
        logGroupName: inputs.trailLogGroupName,
        pattern: row.pattern,
        metricTransformation: { name: metricName, namespace, value: "1" },
      },
      parent,
    );
    const alarm = new aws.cloudwatch.MetricAlarm(
      `${name}-cis-${row.id}-alarm`,
      {
        name: `${inputs.namePrefix}-cis-${row.id}`,
        alarmDescription: `${row.title} (${row.control}). Runbook: ${row.runbook}`,
        namespace,
        metricName,
        statistic: e.statistic,
        period: e.periodSeconds,
        evaluationPeriods: e.evaluationPeriods,
        threshold: e.threshold,
        comparisonOperator: e.comparisonOperator,
        treatMissingData: e.treatMissingData,
        actionsEnabled: true,
        alarmActions: [topic.arn],
        tags,
      },
      { parent: scope, dependsOn: [filter] },
    );
    alarmArns[row.id] = alarm.arn;
  }
  return { topic, topicArn: topic.arn, alarmArns };
}
