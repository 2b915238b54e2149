import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { encryptedLogGroup } from "../shared/logGroup";

/** The flow logs of a `SegmentedVpc` (its children, built here to keep the component readable). */
export interface FlowLogsInputs {
  readonly name: string;
  readonly parent: pulumi.Resource;
  readonly vpcId: pulumi.Input<string>;
  readonly logGroupName: string;
  readonly logsKmsKeyArn: pulumi.Input<string>;
  readonly retentionInDays: number;
  readonly protect: boolean;
  readonly tags: Record<string, string>;
  readonly named: (role: string) => Record<string, string>;
  /** partition, account id, region */
  readonly context: pulumi.Output<[string, string, string]>;
}

export function buildFlowLogs(i: FlowLogsInputs): { logGroup: aws.cloudwatch.LogGroup; role: aws.iam.Role } {
  const opts = { parent: i.parent };
  // Flow logs: every accepted and rejected flow, to a log group encrypted with the logs key.
  // @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-cwl.html
  const flowLogGroup = encryptedLogGroup(
    `${i.name}-flow-logs`,
    { name: i.logGroupName, kmsKeyArn: i.logsKmsKeyArn, retentionDays: i.retentionInDays, tags: i.tags },
    { parent: i.parent, protect: i.protect },
  );
  // The service may assume the role only for flow logs of this account (confused-deputy protection).
  // @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html
  const flowLogRole = new aws.iam.Role(
    `${i.name}-flow-logs-role`,
    {
      description: "VPC flow logs delivery to CloudWatch Logs",
      assumeRolePolicy: i.context.apply(([p, accountId, r]) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "VpcFlowLogsOfThisAccount",
              Effect: "Allow",
              Principal: { Service: "vpc-flow-logs.amazonaws.com" },
              Action: "sts:AssumeRole",
              Condition: {
                StringEquals: { "aws:SourceAccount": accountId },
                ArnLike: { "aws:SourceArn": `arn:${p}:ec2:${r}:${accountId}:vpc-flow-log/*` },
              },
            },
          ],
        }),
      ),
      maxSessionDuration: 3600,
      tags: i.tags,
    },
    opts,
  );
  new aws.iam.RolePolicy(
    `${i.name}-flow-logs-policy`,
    {
      role: flowLogRole.id,
      policy: flowLogGroup.arn.apply((arn) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "WriteThisLogGroupOnly",
              Effect: "Allow",
              Action: [
                "logs:CreateLogStream",
                "logs:PutLogEvents",
                "logs:DescribeLogGroups",
                "logs:DescribeLogStreams",
              ],
              Resource: [arn, `${arn}:*`],
            },
          ],
        }),
      ),
    },
    opts,
  );
  new aws.ec2.FlowLog(
    `${i.name}-flow-log`,
    {
      vpcId: i.vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: flowLogGroup.arn,
      iamRoleArn: flowLogRole.arn,
      maxAggregationInterval: 60,
      tags: i.named("flow-log"),
    },
    opts,
  );

  return { logGroup: flowLogGroup, role: flowLogRole };
}
