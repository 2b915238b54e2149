import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { encryptedLogGroup } from "../shared/logGroup";
import { bootstrapRequests, eventHash, type BootstrapEvent } from "./siemPipeline.bootstrap.logic";

/**
 * The search bootstrap: a Lambda function in the logging subnets (its own security group: 443 to the
 * domain only) that runs as the domain's FGAC master role and PUTs the role mappings, audit
 * configuration, index template and ISM policy (siemPipeline.bootstrap.logic.ts), invoked on every
 * change of those requests. No Pulumi provider for OpenSearch's REST API is on npm; this is the smallest
 * thing that keeps the domain's configuration in code.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/lambda/invocation/
 */

export interface BootstrapInputs {
  readonly logGroupPrefix: string;
  readonly siemKeyArn: pulumi.Input<string>;
  readonly loggingSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly bootstrapSecurityGroupId: pulumi.Input<string>;
  readonly masterRoleArn: pulumi.Input<string>;
  readonly masterRoleName: pulumi.Input<string>;
  readonly domainEndpoint: pulumi.Input<string>;
  readonly firehoseRoleArn: pulumi.Input<string>;
  readonly retentionDays: number;
  readonly readerGroup?: string;
  readonly logRetentionDays: number;
  /** Resources the domain must have before the first call (the domain itself, its SAML options). */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
  readonly tags: Readonly<Record<string, string>>;
}

export interface BootstrapOutputs {
  readonly functionArn: pulumi.Output<string>;
  /** The hash of the requests last sent. */
  readonly inputHash: pulumi.Output<string>;
}

export const BOOTSTRAP_RUNTIME = "nodejs22.x";
const SOURCE_DIR = path.join(__dirname, "bootstrap");

export function createSearchBootstrap(
  scope: pulumi.Resource,
  name: string,
  inputs: BootstrapInputs,
): BootstrapOutputs {
  const opts = { parent: scope };
  const region = aws.getRegionOutput({}, opts);
  const logGroup = encryptedLogGroup(
    `${name}-search-bootstrap-logs`,
    {
      name: `${inputs.logGroupPrefix}siem/search-bootstrap`,
      kmsKeyArn: inputs.siemKeyArn,
      retentionDays: inputs.logRetentionDays,
      tags: { ...inputs.tags, "rampart:data-class": "service-logs" },
    },
    opts,
  );
  // What a function in a VPC needs (AWSLambdaVPCAccessExecutionRole's actions), and its own log group.
  // @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions
  const permissions = new aws.iam.RolePolicy(
    `${name}-search-bootstrap-run`,
    {
      role: inputs.masterRoleName,
      policy: logGroup.arn.apply((arn) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "FunctionInterfacesInTheVpc",
              Effect: "Allow",
              Action: [
                "ec2:CreateNetworkInterface",
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeSubnets",
                "ec2:DeleteNetworkInterface",
                "ec2:AssignPrivateIpAddresses",
                "ec2:UnassignPrivateIpAddresses",
              ],
              Resource: "*",
            },
            {
              Sid: "FunctionLogs",
              Effect: "Allow",
              Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
              Resource: `${arn}:*`,
            },
          ],
        }),
      ),
    },
    opts,
  );
  const fn = new aws.lambda.Function(
    `${name}-search-bootstrap`,
    {
      runtime: BOOTSTRAP_RUNTIME,
      handler: "index.handler",
      role: inputs.masterRoleArn,
      code: new pulumi.asset.AssetArchive({
        "index.js": new pulumi.asset.FileAsset(path.join(SOURCE_DIR, "index.js")),
        "sigv4.js": new pulumi.asset.FileAsset(path.join(SOURCE_DIR, "sigv4.js")),
      }),
      timeout: 120,
      memorySize: 256,
      vpcConfig: { subnetIds: inputs.loggingSubnetIds, securityGroupIds: [inputs.bootstrapSecurityGroupId] },
      loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
      tags: { ...inputs.tags },
    },
    { ...opts, dependsOn: [permissions] },
  );
  const event = pulumi
    .all([inputs.domainEndpoint, region.region, inputs.firehoseRoleArn])
    .apply(([endpoint, r, firehoseRoleArn]): BootstrapEvent => ({
      endpoint,
      region: r,
      requests: bootstrapRequests({
        firehoseRoleArn,
        retentionDays: inputs.retentionDays,
        ...(inputs.readerGroup ? { readerGroup: inputs.readerGroup } : {}),
      }),
    }));
  const inputHash = event.apply(eventHash);
  new aws.lambda.Invocation(
    `${name}-search-bootstrap-run`,
    {
      functionName: fn.name,
      input: event.apply((e) => JSON.stringify(e)),
      triggers: { requests: inputHash },
    },
    { ...opts, dependsOn: [...(inputs.dependsOn ?? [])] },
  );
  return { functionArn: fn.arn, inputHash };
}
