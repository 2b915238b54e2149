import { compliantOpenSearchDomain } from "../encryption/opensearchFixture";

export const DOMAIN = "aws:opensearch/domain:Domain";
export const DOMAIN_POLICY = "aws:opensearch/domainPolicy:DomainPolicy";
export const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";

const ACCOUNT = "111122223333";

/** The SIEM domain as the contract describes it: every OpenSearch policy in the pack accepts it. */
export const siemDomain = (): Record<string, any> => ({
  ...compliantOpenSearchDomain(),
  engineVersion: "OpenSearch_2.19",
  clusterConfig: {
    instanceType: "r7g.large.search",
    instanceCount: 3,
    zoneAwarenessEnabled: true,
    zoneAwarenessConfig: { availabilityZoneCount: 3 },
    dedicatedMasterEnabled: true,
    dedicatedMasterType: "m7g.large.search",
    dedicatedMasterCount: 3,
  },
  vpcOptions: { subnetIds: ["subnet-a", "subnet-b", "subnet-c"], securityGroupIds: ["sg-search"] },
  advancedSecurityOptions: {
    enabled: true,
    internalUserDatabaseEnabled: false,
    masterUserOptions: { masterUserArn: `arn:aws:iam::${ACCOUNT}:role/rampart-prod-search-master` },
  },
  logPublishingOptions: [
    {
      logType: "AUDIT_LOGS",
      cloudwatchLogGroupArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/rampart/prod/search-audit`,
      enabled: true,
    },
    {
      logType: "ES_APPLICATION_LOGS",
      cloudwatchLogGroupArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/rampart/prod/search-app`,
    },
  ],
  accessPolicies: JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: {
          AWS: [
            `arn:aws:iam::${ACCOUNT}:role/rampart-prod-search-master`,
            `arn:aws:iam::${ACCOUNT}:role/rampart-prod-firehose`,
          ],
        },
        Action: "es:ESHttp*",
        Resource: `arn:aws:es:eu-west-1:${ACCOUNT}:domain/rampart-prod-siem/*`,
      },
    ],
  }),
});

/** A Firehose stream into the SIEM domain through the VPC, failed documents backed up to the archive. */
export const siemFirehose = (): Record<string, any> => ({
  destination: "opensearch",
  serverSideEncryption: {
    enabled: true,
    keyType: "CUSTOMER_MANAGED_CMK",
    keyArn: "arn:aws:kms:eu-west-1:111122223333:key/siem",
  },
  opensearchConfiguration: {
    domainArn: `arn:aws:es:eu-west-1:${ACCOUNT}:domain/rampart-prod-siem`,
    indexName: "cloudtrail",
    roleArn: `arn:aws:iam::${ACCOUNT}:role/rampart-prod-firehose`,
    s3BackupMode: "FailedDocumentsOnly",
    s3Configuration: {
      bucketArn: "arn:aws:s3:::rampart-prod-archive",
      roleArn: `arn:aws:iam::${ACCOUNT}:role/rampart-prod-firehose`,
    },
    vpcConfig: {
      subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
      securityGroupIds: ["sg-firehose"],
      roleArn: `arn:aws:iam::${ACCOUNT}:role/rampart-prod-firehose`,
    },
  },
});

/** The legacy Elasticsearch domain types: same blocks, the policies judge them alike. */
export const ES_DOMAIN = "aws:elasticsearch/domain:Domain";
export const ES_DOMAIN_POLICY = "aws:elasticsearch/domainPolicy:DomainPolicy";
