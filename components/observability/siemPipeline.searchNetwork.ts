import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * The security groups of the SIEM's search tier, created before the domain, the streams and the
 * bootstrap so each can name the others: the domain's own group admits HTTPS only from Firehose's
 * interfaces, the bootstrap function and the operators' Dashboards networks; the two clients may open
 * HTTPS to the domain and nothing else. Every other tier, and the logging tier's own group, is refused.
 *
 * The AWS provider deletes the allow-all egress rule AWS puts in a new group, so a group is closed both
 * ways until a rule opens it (the rules below are separate resources, never inline, so they do not fight).
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/ec2/securitygroup/
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/vpc.html
 * @see https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-es-vpc
 */

export interface SearchNetworkInputs {
  readonly vpcId: pulumi.Input<string>;
  /** Operators' networks that may open Dashboards on 443. */
  readonly dashboardCidrs: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
}

export interface SearchNetworkOutputs {
  readonly domainSecurityGroupId: pulumi.Output<string>;
  readonly firehoseSecurityGroupId: pulumi.Output<string>;
  readonly bootstrapSecurityGroupId: pulumi.Output<string>;
  /** The rules: the bootstrap's invocation waits for them (its calls need the path open). */
  readonly rules: pulumi.Resource[];
}

export function createSearchNetwork(
  scope: pulumi.Resource,
  name: string,
  inputs: SearchNetworkInputs,
): SearchNetworkOutputs {
  const opts = { parent: scope };
  const group = (role: string, description: string) =>
    new aws.ec2.SecurityGroup(
      `${name}-${role}-sg`,
      {
        vpcId: inputs.vpcId,
        description,
        revokeRulesOnDelete: true,
        tags: { ...inputs.tags, Name: `${name}-${role}` },
      },
      opts,
    );
  const domain = group("search", "rampart SIEM OpenSearch domain: 443 from Firehose, bootstrap, operators");
  const firehose = group("firehose", "rampart SIEM Firehose interfaces: 443 to the domain only");
  const bootstrap = group("search-bootstrap", "rampart SIEM bootstrap function: 443 to the domain only");

  const https = { ipProtocol: "tcp", fromPort: 443, toPort: 443 };
  const rules: pulumi.Resource[] = [];
  for (const [role, client] of [
    ["firehose", firehose],
    ["bootstrap", bootstrap],
  ] as const) {
    const ingress = new aws.vpc.SecurityGroupIngressRule(
      `${name}-search-sg-from-${role}`,
      {
        securityGroupId: domain.id,
        referencedSecurityGroupId: client.id,
        description: `${role} writes to the domain`,
        ...https,
      },
      opts,
    );
    const egress = new aws.vpc.SecurityGroupEgressRule(
      `${name}-${role === "bootstrap" ? "search-bootstrap" : role}-sg-to-search`,
      {
        securityGroupId: client.id,
        referencedSecurityGroupId: domain.id,
        description: `${role} reaches the domain`,
        ...https,
      },
      opts,
    );
    rules.push(ingress, egress);
  }
  inputs.dashboardCidrs.forEach((cidr, i) =>
    rules.push(
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-search-sg-from-operators-${i}`,
        {
          securityGroupId: domain.id,
          cidrIpv4: cidr,
          description: `operators (${cidr}) open OpenSearch Dashboards`,
          ...https,
        },
        opts,
      ),
    ),
  );
  return {
    domainSecurityGroupId: domain.id,
    firehoseSecurityGroupId: firehose.id,
    bootstrapSecurityGroupId: bootstrap.id,
    rules,
  };
}
