import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SegmentedVpc } from "../../../components/network/segmentedVpc";
import type { SiemSearchArgs } from "../../../components/observability/siemPipeline.args";
import { createSearchBootstrap } from "../../../components/observability/siemPipeline.bootstrap";
import { createFirehose } from "../../../components/observability/siemPipeline.firehose";
import { createSearch } from "../../../components/observability/siemPipeline.search";
import { createSearchNetwork } from "../../../components/observability/siemPipeline.searchNetwork";
import { createSubscriptions } from "../../../components/observability/siemPipeline.subscriptions";

/**
 * The search tier as the lead's SiemPipeline will wire it, on a real SegmentedVpc, under a test-only
 * parent: network -> domain -> streams -> subscriptions -> bootstrap. Plus a Pod Identity role standing
 * for the log shipper (a workload role that must not reach the domain).
 */
export class TestParent extends pulumi.ComponentResource {
  constructor(name: string) {
    super("test:observability:SearchParent", name, {});
  }
}

export const KEY = "arn:aws:kms:us-east-1:123456789012:key/siem";
export const ARCHIVE = "arn:aws:s3:::rampart-dev-siem-archive";
export const ADMIN = "arn:aws:iam::123456789012:role/platform-admin";
export const SEARCH: SiemSearchArgs = {
  engineVersion: "OpenSearch_2.19",
  instanceType: "r7g.large.search",
  instanceCount: 2,
  zoneAwareness: true,
  dedicatedMasters: { instanceType: "m7g.large.search", count: 3 },
  volumeSizeGiB: 100,
  retentionDays: 30,
  adminPrincipalArns: [ADMIN],
};

export function buildSearchTier(opts: { dashboardCidrs?: string[]; search?: SiemSearchArgs } = {}) {
  const vpc = new SegmentedVpc("net", {
    cidr: "10.0.0.0/16",
    availabilityZones: ["us-east-1a", "us-east-1b"],
    logsKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/logs",
    flowLogRetentionDays: 30,
    operatorNetworks: (opts.dashboardCidrs ?? []).map((cidr) => ({
      cidr,
      transitGatewayId: "tgw-0123456789abcdef0",
    })),
  });
  const scope = new TestParent("siem");
  const tags = { "rampart:stack": "dev" };
  const network = createSearchNetwork(scope, "siem", {
    vpcId: vpc.vpcId,
    dashboardCidrs: opts.dashboardCidrs ?? [],
    tags,
  });
  const search = createSearch(scope, "siem", {
    namePrefix: "rampart-dev",
    logGroupPrefix: "/rampart/dev/",
    siemKeyArn: KEY,
    vpcId: vpc.vpcId,
    loggingSubnetIds: vpc.subnetIds.logging,
    domainSecurityGroupId: network.domainSecurityGroupId,
    dashboardCidrs: opts.dashboardCidrs ?? [],
    search: opts.search ?? SEARCH,
    logRetentionDays: 90,
    protect: true,
    tags,
  });
  const firehose = createFirehose(scope, "siem", {
    namePrefix: "rampart-dev",
    logGroupPrefix: "/rampart/dev/",
    siemKeyArn: KEY,
    loggingSubnetIds: vpc.subnetIds.logging,
    firehoseSecurityGroupId: network.firehoseSecurityGroupId,
    domainArn: search.domainArn,
    domainEndpoint: search.domainEndpoint,
    archiveBucketArn: ARCHIVE,
    logRetentionDays: 90,
    tags,
  });
  const subscriptions = createSubscriptions(scope, "siem", {
    namePrefix: "rampart-dev",
    logGroupPrefix: "/rampart/dev/",
    siemKeyArn: KEY,
    sourceLogGroupNames: ["/aws/eks/rampart-dev/cluster", pulumi.output("/rampart/dev/vpc/flow-logs")],
    cloudwatchStreamName: firehose.cloudwatchStreamName,
    cloudwatchStreamArn: firehose.cloudwatchStreamArn,
    logRetentionDays: 90,
    tags,
  });
  const bootstrap = createSearchBootstrap(scope, "siem", {
    logGroupPrefix: "/rampart/dev/",
    siemKeyArn: KEY,
    loggingSubnetIds: vpc.subnetIds.logging,
    bootstrapSecurityGroupId: network.bootstrapSecurityGroupId,
    masterRoleArn: search.masterRoleArn,
    masterRoleName: search.masterRoleName,
    domainEndpoint: search.domainEndpoint,
    firehoseRoleArn: firehose.firehoseRoleArn,
    retentionDays: (opts.search ?? SEARCH).retentionDays,
    ...((opts.search ?? SEARCH).saml ? { readerGroup: (opts.search ?? SEARCH).saml!.readerGroup } : {}),
    logRetentionDays: 90,
    dependsOn: network.rules,
    tags,
  });
  new aws.iam.Role("shipper", {
    name: "rampart-dev-log-shipper",
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "pods.eks.amazonaws.com" },
          Action: ["sts:AssumeRole", "sts:TagSession"],
        },
      ],
    }),
  });
  return { vpc, network, search, firehose, subscriptions, bootstrap };
}
