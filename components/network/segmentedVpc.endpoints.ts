import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { endpointPolicy, PRIVATE_TIERS, type WorkloadTier } from "./segmentedVpc.logic";

/** The VPC endpoints of a `SegmentedVpc` (its children, built here to keep the component readable). */
export interface EndpointsInputs {
  readonly name: string;
  readonly parent: pulumi.Resource;
  readonly vpcId: pulumi.Input<string>;
  /** Interface endpoint services (`ecr.api`, ...). */
  readonly services: readonly string[];
  /** Where the interface endpoints' network interfaces go (the management tier). */
  readonly endpointSubnetIds: pulumi.Input<string>[];
  /** Route tables that get the S3 gateway endpoint's prefix-list route. */
  readonly s3RouteTableIds: pulumi.Input<string>[];
  readonly tierSecurityGroupIds: Readonly<Record<WorkloadTier, pulumi.Output<string>>>;
  readonly named: (role: string) => Record<string, string>;
  /** partition, account id, region */
  readonly context: pulumi.Output<[string, string, string]>;
}

export function buildEndpoints(i: EndpointsInputs): {
  endpointSg: aws.ec2.SecurityGroup;
  s3: aws.ec2.VpcEndpoint;
  interfaceEndpointIds: Record<string, pulumi.Output<string>>;
} {
  const { name, named } = i;
  const parent = { parent: i.parent };
  const region = i.context.apply(([, , r]) => r);
  const endpointSg = new aws.ec2.SecurityGroup(
    `${name}-endpoints-sg`,
    {
      vpcId: i.vpcId,
      description: "rampart interface endpoints: 443 from the private tiers",
      revokeRulesOnDelete: true,
      tags: named("endpoints-sg"),
    },
    parent,
  );
  // Only the private tiers' groups reach the endpoints (the ingress tier's load balancers never call
  // AWS APIs from the VPC).
  for (const tier of PRIVATE_TIERS) {
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-endpoints-sg-https-from-${tier}`,
      {
        securityGroupId: endpointSg.id,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        referencedSecurityGroupId: i.tierSecurityGroupIds[tier],
        description: `HTTPS from the ${tier} tier`,
      },
      parent,
    );
  }

  // S3 is a gateway endpoint on the egress tiers' route tables; the rest are interface endpoints in
  // the management tier. Policies are limited to this account (segmentedVpc.logic.ts).
  const policyFor = (service: string) =>
    i.context.apply(([p, accountId, r]) =>
      JSON.stringify(endpointPolicy(service, { partition: p, accountId, region: r })),
    );
  const s3 = new aws.ec2.VpcEndpoint(
    `${name}-s3-endpoint`,
    {
      vpcId: i.vpcId,
      serviceName: region.apply((r) => `com.amazonaws.${r}.s3`),
      vpcEndpointType: "Gateway",
      routeTableIds: i.s3RouteTableIds,
      policy: policyFor("s3"),
      tags: named("s3-endpoint"),
    },
    parent,
  );
  const interfaceEndpointIds: Record<string, pulumi.Output<string>> = {};
  for (const service of i.services) {
    const endpoint = new aws.ec2.VpcEndpoint(
      `${name}-${service.replace(/\./g, "-")}-endpoint`,
      {
        vpcId: i.vpcId,
        serviceName: region.apply((r) => `com.amazonaws.${r}.${service}`),
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: i.endpointSubnetIds,
        securityGroupIds: [endpointSg.id],
        policy: policyFor(service),
        tags: named(`${service}-endpoint`),
      },
      parent,
    );
    interfaceEndpointIds[service] = endpoint.id;
  }

  return { endpointSg, s3, interfaceEndpointIds };
}
