import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { subscriptionRolePolicy, subscriptionTrustPolicy } from "./siemPipeline.firehose.logic";

/**
 * One CloudWatch Logs subscription filter per source log group (EKS control plane, flow logs, WAF,
 * application logs, the pipeline's own trail and findings groups), all into the `cloudwatch` stream,
 * through a role CloudWatch Logs assumes for our account's log groups only.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#FirehoseExample
 */

export interface SubscriptionInputs {
  readonly namePrefix: string;
  /** Source log group names (may be Outputs); one filter each, in this order. */
  readonly sourceLogGroupNames: readonly pulumi.Input<string>[];
  readonly cloudwatchStreamArn: pulumi.Input<string>;
  readonly tags: Readonly<Record<string, string>>;
}

export interface SubscriptionOutputs {
  readonly subscriptionRoleArn: pulumi.Output<string>;
  readonly filterNames: string[];
}

export function createSubscriptions(
  scope: pulumi.Resource,
  name: string,
  inputs: SubscriptionInputs,
): SubscriptionOutputs {
  const opts = { parent: scope };
  const identity = aws.getCallerIdentityOutput({}, opts);
  const region = aws.getRegionOutput({}, opts);
  const partition = aws.getPartitionOutput({}, opts);
  const role = new aws.iam.Role(
    `${name}-subscriptions`,
    {
      name: `${inputs.namePrefix}-siem-subscriptions`,
      description: "CloudWatch Logs puts subscribed log events into the SIEM's cloudwatch stream",
      assumeRolePolicy: pulumi
        .all([partition.partition, region.region, identity.accountId])
        .apply(([p, r, accountId]) =>
          JSON.stringify(subscriptionTrustPolicy({ partition: p, region: r, accountId })),
        ),
      tags: { ...inputs.tags },
    },
    opts,
  );
  const policy = new aws.iam.RolePolicy(
    `${name}-subscriptions-put`,
    {
      role: role.name,
      policy: pulumi
        .output(inputs.cloudwatchStreamArn)
        .apply((arn) => JSON.stringify(subscriptionRolePolicy(arn))),
    },
    opts,
  );
  const filterNames = inputs.sourceLogGroupNames.map((logGroupName, i) => {
    const filterName = `${name}-subscription-${i}`;
    new aws.cloudwatch.LogSubscriptionFilter(
      filterName,
      {
        name: `${inputs.namePrefix}-siem`,
        logGroup: logGroupName,
        // Every event: the SIEM correlates what a filter pattern would have to guess in advance.
        filterPattern: "",
        destinationArn: inputs.cloudwatchStreamArn,
        roleArn: role.arn,
      },
      // CloudWatch Logs tests the role when the filter is created.
      { ...opts, dependsOn: [policy] },
    );
    return filterName;
  });
  return { subscriptionRoleArn: role.arn, filterNames };
}
