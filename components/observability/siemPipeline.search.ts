import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { encryptedLogGroup } from "../shared/logGroup";
import { assertValidArgs } from "../shared/problems";
import type { SiemSearchArgs } from "./siemPipeline.args";
import {
  DOMAIN_LOG_TYPES,
  domainAccessPolicy,
  domainLogGroupName,
  domainLogsResourcePolicy,
  masterRoleTrustPolicy,
  OPENSEARCH_TLS_POLICY,
  searchDomainName,
  validateSearchArgs,
  type DomainLogType,
} from "./siemPipeline.search.logic";

/**
 * Amazon OpenSearch Service in the logging tier: no public endpoint (VPC only, its own security group),
 * encrypted at rest with the `siem` key and node to node, HTTPS only with a TLS 1.2+ PFS policy,
 * fine-grained access control with an IAM master role and no internal user database, audit, error and
 * slow logs published to our encrypted log groups, gp3 volumes, software updates applied in the
 * off-peak window only (never automatically).
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/security.html
 */

export interface SearchInputs {
  readonly namePrefix: string;
  readonly logGroupPrefix: string;
  readonly siemKeyArn: pulumi.Input<string>;
  readonly vpcId: pulumi.Input<string>;
  readonly loggingSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** createSearchNetwork's domain group. */
  readonly domainSecurityGroupId: pulumi.Input<string>;
  readonly dashboardCidrs: readonly string[];
  readonly search: SiemSearchArgs;
  readonly logRetentionDays: number;
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

export interface SearchOutputs {
  readonly domainName: string;
  readonly domainArn: pulumi.Output<string>;
  readonly domainEndpoint: pulumi.Output<string>;
  /** The FGAC master role (administrators with MFA; the bootstrap function runs as it). */
  readonly masterRoleArn: pulumi.Output<string>;
  readonly masterRoleName: pulumi.Output<string>;
  readonly logGroupNames: Readonly<Record<DomainLogType, string>>;
}

const DATA_CLASS = "rampart:data-class";

export function createSearch(scope: pulumi.Resource, name: string, inputs: SearchInputs): SearchOutputs {
  const zoneCount = Array.isArray(inputs.loggingSubnetIds) ? inputs.loggingSubnetIds.length : undefined;
  assertValidArgs("SiemPipeline", name, validateSearchArgs({ ...inputs, zoneCount }));
  const s = inputs.search;
  const opts = { parent: scope };
  const identity = aws.getCallerIdentityOutput({}, opts);
  const region = aws.getRegionOutput({}, opts);
  const partition = aws.getPartitionOutput({}, opts);
  const domainName = searchDomainName(inputs.namePrefix);
  const domainArn = pulumi.interpolate`arn:${partition.partition}:es:${region.region}:${identity.accountId}:domain/${domainName}`;

  const masterRole = new aws.iam.Role(
    `${name}-search-master`,
    {
      name: `${inputs.namePrefix}-siem-search-master`,
      description:
        "OpenSearch fine-grained access control master user (administrators with MFA; the bootstrap)",
      maxSessionDuration: 3600,
      assumeRolePolicy: pulumi
        .all([pulumi.output(s.adminPrincipalArns), identity.accountId])
        .apply(([admins, account]) => JSON.stringify(masterRoleTrustPolicy(admins, account))),
      tags: { ...inputs.tags },
    },
    opts,
  );

  const logGroups = Object.fromEntries(
    (Object.keys(DOMAIN_LOG_TYPES) as DomainLogType[]).map((type) => [
      type,
      encryptedLogGroup(
        `${name}-search-${DOMAIN_LOG_TYPES[type]}-logs`,
        {
          name: domainLogGroupName(inputs.logGroupPrefix, type),
          kmsKeyArn: inputs.siemKeyArn,
          retentionDays: inputs.logRetentionDays,
          tags: { ...inputs.tags, [DATA_CLASS]: type === "AUDIT_LOGS" ? "audit-logs" : "service-logs" },
        },
        opts,
      ),
    ]),
  ) as Record<DomainLogType, aws.cloudwatch.LogGroup>;
  const logPolicy = new aws.cloudwatch.LogResourcePolicy(
    `${name}-search-logs-policy`,
    {
      policyName: `${domainName}-domain-logs`,
      policyDocument: pulumi
        .all([identity.accountId, domainArn, pulumi.all(Object.values(logGroups).map((g) => g.arn))])
        .apply(([accountId, arn, logGroupArns]) =>
          JSON.stringify(domainLogsResourcePolicy({ accountId, domainArn: arn, logGroupArns })),
        ),
    },
    opts,
  );

  const saml = s.saml;
  const domain = new aws.opensearch.Domain(
    `${name}-search`,
    {
      domainName,
      engineVersion: s.engineVersion,
      clusterConfig: {
        instanceType: s.instanceType,
        instanceCount: s.instanceCount,
        zoneAwarenessEnabled: s.zoneAwareness,
        ...(s.zoneAwareness && zoneCount
          ? { zoneAwarenessConfig: { availabilityZoneCount: zoneCount } }
          : {}),
        dedicatedMasterEnabled: s.dedicatedMasters !== undefined,
        ...(s.dedicatedMasters
          ? {
              dedicatedMasterType: s.dedicatedMasters.instanceType,
              dedicatedMasterCount: s.dedicatedMasters.count,
            }
          : {}),
      },
      ebsOptions: { ebsEnabled: true, volumeType: "gp3", volumeSize: s.volumeSizeGiB },
      // Zone awareness uses one subnet per zone; a single-zone domain takes exactly one subnet.
      vpcOptions: {
        subnetIds: s.zoneAwareness
          ? inputs.loggingSubnetIds
          : pulumi.output(inputs.loggingSubnetIds).apply((ids) => ids.slice(0, 1)),
        securityGroupIds: [inputs.domainSecurityGroupId],
      },
      encryptAtRest: { enabled: true, kmsKeyId: inputs.siemKeyArn },
      nodeToNodeEncryption: { enabled: true },
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: OPENSEARCH_TLS_POLICY },
      // @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/fgac.html
      advancedSecurityOptions: {
        enabled: true,
        anonymousAuthEnabled: false,
        internalUserDatabaseEnabled: false,
        masterUserOptions: { masterUserArn: masterRole.arn },
      },
      accessPolicies: pulumi
        .all([partition.partition, identity.accountId, domainArn])
        .apply(([p, accountId, arn]) =>
          JSON.stringify(
            domainAccessPolicy({ partition: p, accountId, domainArn: arn, saml: saml !== undefined }),
          ),
        ),
      logPublishingOptions: (Object.keys(DOMAIN_LOG_TYPES) as DomainLogType[]).map((logType) => ({
        logType,
        enabled: true,
        cloudwatchLogGroupArn: logGroups[logType].arn,
      })),
      // Service software updates change the engine under running detectors: applied by an operator, in
      // the off-peak window, never automatically.
      // @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/service-software.html
      softwareUpdateOptions: { autoSoftwareUpdateEnabled: false },
      offPeakWindowOptions: {
        enabled: true,
        offPeakWindow: { windowStartTime: { hours: 2, minutes: 0 } },
      },
      tags: { ...inputs.tags, [DATA_CLASS]: "audit-logs" },
    },
    { ...opts, protect: inputs.protect, dependsOn: [logPolicy] },
  );

  if (saml) {
    // Dashboards sign-in through the organisation's IdP; the admin group is the security admin
    // (all_access), the reader group is mapped to read-only by the bootstrap.
    // @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/saml.html
    new aws.opensearch.DomainSamlOptions(
      `${name}-search-saml`,
      {
        domainName: domain.domainName,
        samlOptions: {
          enabled: true,
          idp: { entityId: saml.idpEntityId, metadataContent: saml.idpMetadataXml },
          masterBackendRole: saml.adminGroup,
          rolesKey: "groups",
          sessionTimeoutMinutes: saml.sessionTimeoutMinutes ?? 60,
        },
      },
      opts,
    );
  }

  return {
    domainName,
    domainArn: domain.arn,
    domainEndpoint: domain.endpoint,
    masterRoleArn: masterRole.arn,
    masterRoleName: masterRole.name,
    logGroupNames: Object.fromEntries(
      (Object.keys(DOMAIN_LOG_TYPES) as DomainLogType[]).map((t) => [
        t,
        domainLogGroupName(inputs.logGroupPrefix, t),
      ]),
    ) as Record<DomainLogType, string>,
  };
}
