import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { encryptedLogGroup } from "../shared/logGroup";
import {
  backupPrefix,
  firehoseLogGroupName,
  firehoseRolePolicy,
  firehoseTrustPolicy,
  STREAMS,
  streamName,
  type StreamRole,
} from "./siemPipeline.firehose.logic";
import { LOG_INDEX_PREFIXES } from "./siemPipeline.search.logic";

/**
 * The Firehose streams that feed the domain: `shipper` (DirectPut, what Fluent Bit writes to) and
 * `cloudwatch` (fed by the subscription filters). Both are encrypted with the `siem` key, deliver to the
 * domain through interfaces in the logging subnets, rotate the index daily, back failed documents up to
 * the archive and log delivery errors.
 * @see https://docs.aws.amazon.com/firehose/latest/dev/create-destination.html#create-destination-elasticsearch
 * @see https://docs.aws.amazon.com/firehose/latest/dev/encryption.html
 *
 * The `cloudwatch` stream is fed by the forwarder function (siemPipeline.subscriptions.ts), one record per
 * log event: CloudWatch Logs' own gzip batches hold several events per record, which AWS documents
 * Firehose cannot deliver to an OpenSearch destination.
 * @see https://docs.aws.amazon.com/firehose/latest/dev/writing-with-cloudwatch-logs.html
 */

export interface FirehoseInputs {
  readonly namePrefix: string;
  readonly logGroupPrefix: string;
  readonly siemKeyArn: pulumi.Input<string>;
  readonly loggingSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** createSearchNetwork's Firehose group. */
  readonly firehoseSecurityGroupId: pulumi.Input<string>;
  readonly domainArn: pulumi.Input<string>;
  readonly domainEndpoint: pulumi.Input<string>;
  /** The log archive bucket (failed documents go under `opensearch-failed/`). */
  readonly archiveBucketArn: pulumi.Input<string>;
  readonly logRetentionDays: number;
  readonly tags: Readonly<Record<string, string>>;
}

export interface FirehoseOutputs {
  readonly shipperStreamName: pulumi.Output<string>;
  readonly shipperStreamArn: pulumi.Output<string>;
  readonly cloudwatchStreamName: pulumi.Output<string>;
  readonly cloudwatchStreamArn: pulumi.Output<string>;
  readonly domainArn: pulumi.Output<string>;
  readonly domainEndpoint: pulumi.Output<string>;
  readonly firehoseRoleArn: pulumi.Output<string>;
  /** Roles that write to the archive bucket (the lead admits them in its bucket policy). */
  readonly backupRoleArns: pulumi.Output<string>[];
  readonly securityGroupIds: pulumi.Output<string>[];
}

export function createFirehose(
  scope: pulumi.Resource,
  name: string,
  inputs: FirehoseInputs,
): FirehoseOutputs {
  const opts = { parent: scope };
  const identity = aws.getCallerIdentityOutput({}, opts);
  const region = aws.getRegionOutput({}, opts);
  const partition = aws.getPartitionOutput({}, opts);
  const logGroupName = firehoseLogGroupName(inputs.logGroupPrefix);

  const logGroup = encryptedLogGroup(
    `${name}-firehose-logs`,
    {
      name: logGroupName,
      kmsKeyArn: inputs.siemKeyArn,
      retentionDays: inputs.logRetentionDays,
      tags: { ...inputs.tags, "rampart:data-class": "service-logs" },
    },
    opts,
  );
  const role = new aws.iam.Role(
    `${name}-firehose`,
    {
      name: `${inputs.namePrefix}-siem-firehose`,
      description: "Firehose delivers the SIEM streams into the in-VPC OpenSearch domain",
      assumeRolePolicy: identity.accountId.apply((a) => JSON.stringify(firehoseTrustPolicy(a))),
      tags: { ...inputs.tags },
    },
    opts,
  );
  const rolePolicy = new aws.iam.RolePolicy(
    `${name}-firehose-delivery`,
    {
      role: role.name,
      policy: pulumi
        .all([
          partition.partition,
          region.region,
          identity.accountId,
          inputs.domainArn,
          inputs.archiveBucketArn,
          inputs.siemKeyArn,
        ])
        .apply(([p, r, accountId, domainArn, archiveBucketArn, siemKeyArn]) =>
          JSON.stringify(
            firehoseRolePolicy({
              partition: p,
              region: r,
              accountId,
              domainArn,
              archiveBucketArn,
              siemKeyArn,
              logGroupName,
            }),
          ),
        ),
    },
    opts,
  );

  const stream = (which: StreamRole) => {
    const logStream = new aws.cloudwatch.LogStream(
      `${name}-firehose-${which}-errors`,
      { logGroupName: logGroup.name, name: `${which}-delivery` },
      opts,
    );
    return new aws.kinesis.FirehoseDeliveryStream(
      `${name}-${which}-stream`,
      {
        name: streamName(inputs.namePrefix, which),
        destination: "opensearch",
        serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: inputs.siemKeyArn },
        opensearchConfiguration: {
          domainArn: inputs.domainArn,
          indexName: LOG_INDEX_PREFIXES[which],
          indexRotationPeriod: "OneDay",
          roleArn: role.arn,
          retryDuration: 300,
          bufferingInterval: 60,
          bufferingSize: 5,
          s3BackupMode: "FailedDocumentsOnly",
          s3Configuration: {
            roleArn: role.arn,
            bucketArn: inputs.archiveBucketArn,
            prefix: backupPrefix(which),
            errorOutputPrefix: `${backupPrefix(which)}errors/!{firehose:error-output-type}/`,
            compressionFormat: "GZIP",
            kmsKeyArn: inputs.siemKeyArn,
          },
          vpcConfig: {
            roleArn: role.arn,
            subnetIds: inputs.loggingSubnetIds,
            securityGroupIds: [inputs.firehoseSecurityGroupId],
          },
          cloudwatchLoggingOptions: {
            enabled: true,
            logGroupName: logGroup.name,
            logStreamName: logStream.name,
          },
        },
        tags: { ...inputs.tags },
      },
      // Firehose checks the role's VPC and domain permissions when the stream is created.
      { ...opts, dependsOn: [rolePolicy] },
    );
  };
  const [shipper, cloudwatch] = STREAMS.map(stream) as [
    aws.kinesis.FirehoseDeliveryStream,
    aws.kinesis.FirehoseDeliveryStream,
  ];
  return {
    shipperStreamName: shipper.name,
    shipperStreamArn: shipper.arn,
    cloudwatchStreamName: cloudwatch.name,
    cloudwatchStreamArn: cloudwatch.arn,
    domainArn: pulumi.output(inputs.domainArn),
    domainEndpoint: pulumi.output(inputs.domainEndpoint),
    firehoseRoleArn: role.arn,
    backupRoleArns: [role.arn],
    securityGroupIds: [pulumi.output(inputs.firehoseSecurityGroupId)],
  };
}
