import * as pulumi from "@pulumi/pulumi";
import { GpuNodePool } from "../components/compute/gpuNodePool";
import { HardenedCluster } from "../components/compute/hardenedCluster";
import { SegmentedVpc } from "../components/network/segmentedVpc";
import type { Tier } from "../components/network/subnetPlan";
import { EbsDefaultEncryption } from "../components/security/ebsDefaultEncryption";
import { type DataClass, KeyRing } from "../components/security/keyRing";
import { InferenceNamespace } from "../components/workloads/inferenceNamespace";
import type { LoadedConfig } from "./config";

/** What the stack exports; filled in as components are composed. */
export interface PlatformOutputs {
  readonly environment: string;
  readonly region: string;
  readonly subnetPlan: Record<string, string[]>;
  readonly keyArns: Readonly<Record<DataClass, pulumi.Output<string>>>;
  readonly vpcId: pulumi.Output<string>;
  readonly subnetIds: Readonly<Record<Tier, pulumi.Output<string>[]>>;
  readonly securityGroupIds: SegmentedVpc["securityGroupIds"];
  readonly endpointSecurityGroupId: pulumi.Output<string>;
  readonly flowLogGroupName: pulumi.Output<string>;
  readonly cluster: HardenedCluster;
  readonly gpuPools: GpuNodePool[];
  readonly namespaces: InferenceNamespace[];
}

/**
 * The thin composition: config in, components out. No `new aws.*` here: resources belong to components.
 */
export function buildPlatform(
  config: LoadedConfig,
  opts: pulumi.ComponentResourceOptions = {},
): PlatformOutputs {
  const subnetPlan: Record<string, string[]> = {};
  for (const s of config.subnets) (subnetPlan[s.tier] ??= []).push(s.cidr);

  const stack = pulumi.getStack();
  // One prefix for every log group we create: the logs key's policy admits exactly these groups.
  const logGroupPrefix = `/rampart/${stack}/`;

  const keys = new KeyRing(
    "keys",
    {
      stack,
      rotationPeriodDays: config.kms.rotationPeriodDays,
      deletionWindowDays: config.kms.deletionWindowDays,
      protect: config.protect,
      logGroupPrefixes: [logGroupPrefix, "/aws/eks/"],
      tags: config.tags,
    },
    opts,
  );
  new EbsDefaultEncryption("ebs-encryption", { kmsKeyArn: keys.keyArns.volumes }, opts);

  const network = new SegmentedVpc(
    "network",
    {
      cidr: config.network.cidr,
      subnets: config.subnets,
      secondaryCidrs: config.network.secondaryCidrs,
      egress: config.network.egress,
      interfaceEndpoints: config.network.interfaceEndpoints,
      logsKmsKeyArn: keys.keyArns.logs,
      flowLogRetentionDays: config.logging.retentionDays,
      logGroupPrefix,
      protect: config.protect,
      tags: config.tags,
    },
    opts,
  );

  const cluster = new HardenedCluster(
    "cluster",
    {
      version: config.cluster.version,
      region: config.region,
      managementSubnetIds: network.subnetIds.management,
      clusterSecurityGroupId: network.securityGroupIds.management,
      secretsKmsKeyArn: keys.keyArns.cluster,
      volumesKmsKeyArn: keys.keyArns.volumes,
      controlPlaneLogs: { kmsKeyArn: keys.keyArns.logs, retentionDays: config.logging.retentionDays },
      deployerRoleArn: config.cluster.deployerRoleArn,
      endpointPublicAccessCidrs: config.cluster.endpointPublicAccessCidrs,
      addons: config.cluster.addons,
      systemNodePool: config.cluster.systemNodePool,
      gpu:
        config.gpuNodePools.length > 0
          ? {
              nvidiaDevicePluginVersion: config.nvidiaDevicePlugin.version,
              dcgmExporterVersion: config.dcgmExporter.version,
            }
          : undefined,
      deletionProtection: config.protect,
      tags: config.tags,
    },
    opts,
  );

  const gpuPools = config.gpuNodePools.map(
    (pool) =>
      new GpuNodePool(
        `gpu-${pool.name}`,
        {
          clusterName: cluster.clusterName,
          subnetIds: network.subnetIds.inference,
          volumesKmsKeyArn: keys.keyArns.volumes,
          pool,
          tags: config.tags,
        },
        // Nodes join once the CNI, kube-proxy and Pod Identity add-ons are in place.
        { ...opts, dependsOn: [cluster] },
      ),
  );

  const namespaces = config.namespaces.map(
    (ns) =>
      new InferenceNamespace(
        `ns-${ns.name}`,
        {
          kubeProvider: cluster.kubeProvider,
          namespace: ns.name,
          quota: ns.quota,
          defaults: ns.defaults,
          serviceAccounts: ns.serviceAccounts,
          egress: ns.egressToTiers.map((tier) => ({ name: tier, cidrs: subnetPlan[tier] ?? [] })),
          podSecurityVersion: `v${config.cluster.version}`,
        },
        opts,
      ),
  );

  return {
    environment: config.environment,
    region: config.region,
    subnetPlan,
    keyArns: keys.keyArns,
    vpcId: network.vpcId,
    subnetIds: network.subnetIds,
    securityGroupIds: network.securityGroupIds,
    endpointSecurityGroupId: network.endpointSecurityGroupId,
    flowLogGroupName: network.flowLogGroupName,
    cluster,
    gpuPools,
    namespaces,
  };
}
