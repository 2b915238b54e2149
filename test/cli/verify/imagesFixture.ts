import type { ExportResource } from "../../../cli/verify/images";

/** A small export for the image checks: one VPC in us-east-1 of account 123456789012 and a node group. */
export const ACCT = "123456789012";
export const ECR = `${ACCT}.dkr.ecr.us-east-1.amazonaws.com`;

export function res(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  extra: Partial<ExportResource> = {},
) {
  return { urn: `urn:pulumi:test::img::${type}::${name}`, type, id: `${name}-id`, inputs, ...extra };
}

export const endpoint = (service: string, type = "Interface", privateDnsEnabled = true) =>
  res("aws:ec2/vpcEndpoint:VpcEndpoint", `${service}-endpoint`, {
    vpcId: "vpc-id",
    serviceName: `com.amazonaws.us-east-1.${service}`,
    vpcEndpointType: type,
    ...(type === "Interface" ? { privateDnsEnabled } : {}),
  });

/** What makes our account's ECR pullable: the ecr.api and ecr.dkr endpoints and the S3 gateway. */
export const ECR_ENDPOINTS = [endpoint("ecr.api"), endpoint("ecr.dkr"), endpoint("s3", "Gateway")];

/** The base export: provider, a VPC with a subnet and a node group, plus `extra`. */
export function exportWith(extra: ExportResource[]): ExportResource[] {
  return [
    {
      urn: "urn:pulumi:test::img::pulumi:providers:aws::default",
      type: "pulumi:providers:aws",
      inputs: { region: "us-east-1" },
    },
    res(
      "aws:ec2/vpc:Vpc",
      "vpc",
      { cidrBlock: "10.0.0.0/16" },
      { outputs: { arn: `arn:aws:ec2:us-east-1:${ACCT}:vpc/vpc-id` } },
    ),
    res("aws:ec2/subnet:Subnet", "nodes", { vpcId: "vpc-id", cidrBlock: "10.0.1.0/24" }),
    res("aws:eks/nodeGroup:NodeGroup", "ng", { subnetIds: ["nodes-id"] }),
    ...extra,
  ];
}
