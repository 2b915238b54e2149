import * as pulumi from "@pulumi/pulumi";
import { GpuNodePool } from "../components/compute/gpuNodePool";
import { HardenedCluster } from "../components/compute/hardenedCluster";
import { SegmentedVpc } from "../components/network/segmentedVpc";
import type { Tier } from "../components/network/subnetPlan";
import { EbsDefaultEncryption } from "../components/security/ebsDefaultEncryption";
import { type DataClass, KeyRing } from "../components/security/keyRing";
import { InferenceNamespace } from "../components/workloads/inferenceNamespace";
import {
  clusterArgs,
  gpuPoolArgs,
  keyRingArgs,
  type LoadedConfig,
  logGroupPrefix,
  namespaceArgs,
  networkArgs,
  vpcCidrsOf,
} from "./config";

/** What the stack exports; filled in as components are composed. */
export interface PlatformOutputs {
  readonly environment: string;
  readonly region: string;
  readonly subnetPlan: SegmentedVpc["tierCidrs"];
  readonly keyArns: Readonly<Record<DataClass, pulumi.Output<string>>>;
  readonly vpcId: pulumi.Output<string>;
  readonly subnetIds: Readonly<Record<Tier, pulumi.Output<string>[]>>;
  readonly securityGroupIds: SegmentedVpc["securityGroupIds"];
  readonly endpointSecurityGroupId: pulumi.Output<string>;
  readonly flowLogGroupName: pulumi.Output<string>;
  readonly operatorCidrs: readonly string[];
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
  const keys = new KeyRing("keys", keyRingArgs(config, config.stack, config.clusterName), opts);
  if (config.accountDefaults.owner)
    new EbsDefaultEncryption(
      "ebs-encryption",
      { kmsKeyArn: keys.keyArns.volumes, protect: config.protect },
      opts,
    );

  const network = new SegmentedVpc(
    "network",
    {
      ...networkArgs(config),
      logsKmsKeyArn: keys.keyArns.logs,
      logGroupPrefix: logGroupPrefix(config.stack),
    },
    opts,
  );

  const cluster = new HardenedCluster(
    "cluster",
    {
      ...clusterArgs(config, config.region, config.clusterName),
      managementSubnetIds: network.subnetIds.management,
      clusterSecurityGroupId: network.securityGroupIds.management,
      systemNodeSecurityGroupIds: [network.securityGroupIds.management],
      secretsKmsKeyArn: keys.keyArns.cluster,
      volumesKmsKeyArn: keys.keyArns.volumes,
      controlPlaneLogs: { kmsKeyArn: keys.keyArns.logs, retentionDays: config.logging.retentionDays },
    },
    opts,
  );

  const gpuPools = config.gpuNodePools.map(
    (pool) =>
      new GpuNodePool(
        `gpu-${pool.name}`,
        {
          ...gpuPoolArgs(pool, config.tags),
          clusterName: cluster.clusterName,
          subnetIds: network.subnetIds.inference,
          securityGroupIds: [network.securityGroupIds.inference],
          availabilityZones: config.network.availabilityZones,
          volumesKmsKeyArn: keys.keyArns.volumes,
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
          ...namespaceArgs(ns, config.cluster.version, network.tierCidrs, vpcCidrsOf(config.network)),
          kubeProvider: cluster.kubeProvider,
        },
        opts,
      ),
  );

  return {
    environment: config.environment,
    region: config.region,
    subnetPlan: network.tierCidrs,
    keyArns: keys.keyArns,
    vpcId: network.vpcId,
    subnetIds: network.subnetIds,
    securityGroupIds: network.securityGroupIds,
    endpointSecurityGroupId: network.endpointSecurityGroupId,
    flowLogGroupName: network.flowLogGroupName,
    operatorCidrs: network.operatorCidrs,
    cluster,
    gpuPools,
    namespaces,
  };
}
