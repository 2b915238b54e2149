import { HardenedCluster } from "../../components/compute/hardenedCluster";
import { GpuNodePool } from "../../components/compute/gpuNodePool";
import { InferenceNamespace } from "../../components/workloads/inferenceNamespace";
import {
  clusterArgs,
  gpuPoolArgs,
  namespaceArgs,
  parseConfig,
  vpcCidrsOf,
  type LoadedConfig,
} from "../../stacks/config";
import { flattenConfig, stackConfig, type StackName } from "../helpers/harness";

/**
 * Builds this components the way the stack will, from `Pulumi.<stack>.yaml` parsed by the real
 * schema, with placeholder subnet ids and key ARNs standing in for the network and KMS components.
 */

export const PLACEHOLDER = {
  managementSubnetIds: ["subnet-mgmt-a", "subnet-mgmt-b", "subnet-mgmt-c"],
  inferenceSubnetIds: ["subnet-inf-a", "subnet-inf-b", "subnet-inf-c"],
  managementSecurityGroupId: "sg-management",
  inferenceSecurityGroupId: "sg-inference",
  clusterKeyArn: "arn:aws:kms:us-east-1:123456789012:key/cluster-secrets",
  volumesKeyArn: "arn:aws:kms:us-east-1:123456789012:key/volumes",
  logsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/logs",
} as const;

/** The stack's config as the program sees it, optionally edited first. */
export function loadConfig(stack: StackName, edit?: (c: Record<string, any>) => void): LoadedConfig {
  const raw = stackConfig(stack);
  edit?.(raw);
  return parseConfig(flattenConfig(raw), stack);
}

export function buildCluster(config: LoadedConfig): HardenedCluster {
  return new HardenedCluster("rampart", {
    ...clusterArgs({ ...config, gpuNodePools: [{} as never] }, config.region, config.clusterName),
    managementSubnetIds: [...PLACEHOLDER.managementSubnetIds],
    systemNodeSecurityGroupIds: [PLACEHOLDER.managementSecurityGroupId],
    secretsKmsKeyArn: PLACEHOLDER.clusterKeyArn,
    volumesKmsKeyArn: PLACEHOLDER.volumesKeyArn,
    controlPlaneLogs: { kmsKeyArn: PLACEHOLDER.logsKeyArn, retentionDays: config.logging.retentionDays },
  });
}

export function buildGpuPools(config: LoadedConfig, clusterName = "rampart-cluster"): GpuNodePool[] {
  return config.gpuNodePools.map(
    (pool) =>
      new GpuNodePool(`gpu-${pool.name}`, {
        ...gpuPoolArgs(pool, config.tags),
        clusterName,
        subnetIds: [...PLACEHOLDER.inferenceSubnetIds],
        securityGroupIds: [PLACEHOLDER.inferenceSecurityGroupId],
        volumesKmsKeyArn: PLACEHOLDER.volumesKeyArn,
        tags: config.tags,
      }),
  );
}

export function buildNamespaces(config: LoadedConfig, cluster: HardenedCluster): InferenceNamespace[] {
  return config.namespaces.map(
    (ns) =>
      new InferenceNamespace(`ns-${ns.name}`, {
        ...namespaceArgs(ns, config.cluster.version, config.tierCidrs, vpcCidrsOf(config.network)),
        // Without the mesh's Args the namespace is built as it is without a mesh.
        mesh: undefined,
        kubeProvider: cluster.kubeProvider,
      }),
  );
}
