import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * The break-glass alarm: a metric filter on the trail's CloudWatch Logs group counting every
 * `AssumeRole` of the break-glass role (successful or refused: a refused attempt is news too), and an
 * alarm that publishes the first one to the security topic. The multi-Region trail delivers every
 * Region's STS events to this one group, which a single-Region EventBridge rule would not see.
 * CloudTrail records the role in `requestParameters.roleArn` of the `AssumeRole` event.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html#cloudtrail-integration_examples-sts-api
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */

/** The runbook the alarm links (written with the docs). */
export const BREAK_GLASS_RUNBOOK = "docs/runbooks/identity-break-glass-used.md";

export const BREAK_GLASS_ALARM = {
  statistic: "Sum",
  periodSeconds: 60,
  evaluationPeriods: 1,
  threshold: 1,
  comparisonOperator: "GreaterThanOrEqualToThreshold",
  treatMissingData: "notBreaching",
} as const;

/** The filter pattern for one role ARN (quotes in an ARN are impossible; IAM names exclude them). */
export const breakGlassPattern = (roleArn: string): string =>
  `{ ($.eventName = "AssumeRole") && ($.requestParameters.roleArn = "${roleArn}") }`;

/** Its metric lives in the stack's own namespace, so two stacks in one account do not add up. */
export const identityMetricNamespace = (namePrefix: string): string => `Rampart/${namePrefix}/Identity`;
export const breakGlassAlarmName = (namePrefix: string): string => `${namePrefix}-break-glass-used`;

export interface BreakGlassAlarmInputs {
  readonly namePrefix: string;
  readonly roleArn: pulumi.Input<string>;
  readonly trailLogGroupName: pulumi.Input<string>;
  readonly alertTopicArn: pulumi.Input<string>;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface BreakGlassAlarmOutputs {
  readonly filter: aws.cloudwatch.LogMetricFilter;
  readonly alarm: aws.cloudwatch.MetricAlarm;
}

export function createBreakGlassAlarm(
  scope: pulumi.Resource,
  name: string,
  inputs: BreakGlassAlarmInputs,
): BreakGlassAlarmOutputs {
  const namespace = identityMetricNamespace(inputs.namePrefix);
  const metricName = "break-glass-assume-role";
  const filter = new aws.cloudwatch.LogMetricFilter(
    `${name}-break-glass-used`,
    {
      name: breakGlassAlarmName(inputs.namePrefix),
      logGroupName: inputs.trailLogGroupName,
      pattern: pulumi.output(inputs.roleArn).apply(breakGlassPattern),
      metricTransformation: { name: metricName, namespace, value: "1" },
    },
    { parent: scope },
  );
  const e = BREAK_GLASS_ALARM;
  const alarm = new aws.cloudwatch.MetricAlarm(
    `${name}-break-glass-used-alarm`,
    {
      name: breakGlassAlarmName(inputs.namePrefix),
      alarmDescription: `The break-glass role was assumed (or an attempt was refused). Runbook: ${BREAK_GLASS_RUNBOOK}`,
      namespace,
      metricName,
      statistic: e.statistic,
      period: e.periodSeconds,
      evaluationPeriods: e.evaluationPeriods,
      threshold: e.threshold,
      comparisonOperator: e.comparisonOperator,
      treatMissingData: e.treatMissingData,
      actionsEnabled: true,
      alarmActions: [inputs.alertTopicArn],
      tags: { ...inputs.tags },
    },
    { parent: scope, dependsOn: [filter] },
  );
  return { filter, alarm };
}
