import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { encryptedLogGroup } from "../shared/logGroup";
import { assertValidArgs } from "../shared/problems";
import {
  forwarderLogGroupName,
  forwarderRolePolicy,
  forwarderTrustPolicy,
} from "./siemPipeline.firehose.logic";

/**
 * One CloudWatch Logs subscription filter per source log group (EKS control plane, flow logs, WAF,
 * application logs, the pipeline's own trail and findings groups), into the forwarder function, which
 * puts one record per log event into the `cloudwatch` stream.
 *
 * Why not CloudWatch Logs -> Firehose directly (a role CloudWatch Logs assumes): CloudWatch Logs sends
 * gzip batches of several events per record, and AWS documents that Firehose cannot deliver those to an
 * OpenSearch destination, with or without its decompression processor.
 * @see https://docs.aws.amazon.com/firehose/latest/dev/writing-with-cloudwatch-logs.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#LambdaFunctionExample
 */

export interface SubscriptionInputs {
  readonly namePrefix: string;
  readonly logGroupPrefix: string;
  readonly siemKeyArn: pulumi.Input<string>;
  /** Source log group names (may be Outputs); one filter each, in this order. */
  readonly sourceLogGroupNames: readonly pulumi.Input<string>[];
  readonly cloudwatchStreamName: pulumi.Input<string>;
  readonly cloudwatchStreamArn: pulumi.Input<string>;
  readonly logRetentionDays: number;
  readonly tags: Readonly<Record<string, string>>;
}

export interface SubscriptionOutputs {
  readonly forwarderArn: pulumi.Output<string>;
  readonly forwarderRoleArn: pulumi.Output<string>;
  readonly filterNames: string[];
}

export const FORWARDER_RUNTIME = "nodejs22.x";

export function createSubscriptions(
  scope: pulumi.Resource,
  name: string,
  inputs: SubscriptionInputs,
): SubscriptionOutputs {
  const ownGroup = forwarderLogGroupName(inputs.logGroupPrefix);
  assertValidArgs(
    "SiemPipeline",
    name,
    inputs.sourceLogGroupNames.flatMap((g, i) =>
      g === ownGroup
        ? [
            {
              path: ["sourceLogGroupNames", i],
              value: g,
              message: "is the forwarder's own log group (it would forward itself forever)",
            },
          ]
        : [],
    ),
  );
  const opts = { parent: scope };
  const identity = aws.getCallerIdentityOutput({}, opts);
  const region = aws.getRegionOutput({}, opts);
  const partition = aws.getPartitionOutput({}, opts);
  const logGroup = encryptedLogGroup(
    `${name}-forwarder-logs`,
    {
      name: ownGroup,
      kmsKeyArn: inputs.siemKeyArn,
      retentionDays: inputs.logRetentionDays,
      tags: { ...inputs.tags, "rampart:data-class": "service-logs" },
    },
    opts,
  );
  const role = new aws.iam.Role(
    `${name}-forwarder`,
    {
      name: `${inputs.namePrefix}-siem-forwarder`,
      description: "Splits subscribed CloudWatch Logs batches into the SIEM's cloudwatch stream",
      assumeRolePolicy: identity.accountId.apply((a) => JSON.stringify(forwarderTrustPolicy(a))),
      tags: { ...inputs.tags },
    },
    opts,
  );
  const policy = new aws.iam.RolePolicy(
    `${name}-forwarder-put`,
    {
      role: role.name,
      policy: pulumi
        .all([inputs.cloudwatchStreamArn, logGroup.arn])
        .apply(([stream, group]) => JSON.stringify(forwarderRolePolicy(stream, group))),
    },
    opts,
  );
  const fn = new aws.lambda.Function(
    `${name}-forwarder`,
    {
      runtime: FORWARDER_RUNTIME,
      handler: "forwarder.handler",
      role: role.arn,
      code: new pulumi.asset.AssetArchive({
        "forwarder.js": new pulumi.asset.FileAsset(path.join(__dirname, "bootstrap", "forwarder.js")),
      }),
      timeout: 60,
      memorySize: 256,
      environment: { variables: { STREAM_NAME: inputs.cloudwatchStreamName } },
      loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
      tags: { ...inputs.tags },
    },
    { ...opts, dependsOn: [policy] },
  );
  const filterNames = inputs.sourceLogGroupNames.map((logGroupName, i) => {
    const filterName = `${name}-subscription-${i}`;
    // CloudWatch Logs may invoke the forwarder for this log group of our account only.
    const permission = new aws.lambda.Permission(
      `${filterName}-invoke`,
      {
        function: fn.name,
        action: "lambda:InvokeFunction",
        principal: "logs.amazonaws.com",
        sourceAccount: identity.accountId,
        sourceArn: pulumi.interpolate`arn:${partition.partition}:logs:${region.region}:${identity.accountId}:log-group:${logGroupName}:*`,
      },
      opts,
    );
    new aws.cloudwatch.LogSubscriptionFilter(
      filterName,
      {
        name: `${inputs.namePrefix}-siem`,
        logGroup: logGroupName,
        // Every event: the SIEM correlates what a filter pattern would have to guess in advance.
        filterPattern: "",
        destinationArn: fn.arn,
      },
      { ...opts, dependsOn: [permission] },
    );
    return filterName;
  });
  return { forwarderArn: fn.arn, forwarderRoleArn: role.arn, filterNames };
}
