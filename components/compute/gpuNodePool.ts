import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  GPU_NODE_POOL_DEFAULTS,
  GPU_TAINT,
  gpuNodeLabels,
  validateGpuNodePoolArgs,
  type GpuPoolSpec,
} from "./gpuNodePool.logic";
import { offeredInstanceTypes } from "../shared/preflight";
import { assertValidArgs } from "../shared/problems";
import { withName } from "./nodeGroup.logic";
import { nodeLaunchTemplate, nodeRole } from "./nodeResources";

export { validateGpuNodePoolArgs, GPU_NODE_POOL_DEFAULTS, type GpuPoolSpec };

export interface GpuNodePoolArgs {
  /** The EKS cluster the nodes join (`HardenedCluster.clusterName`). */
  readonly clusterName: pulumi.Input<string>;
  /** Subnets of the inference tier (private, no route to the internet). */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Security groups of the nodes (the inference tier's group, `SegmentedVpc.securityGroupIds.inference`):
   * named in the launch template, so EKS does not attach its all-open cluster security group instead.
   */
  readonly securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The zones of `subnetIds`: a preflight checks EC2 offers each instance type in each of them.
   * @default none (no preflight)
   */
  readonly availabilityZones?: readonly string[];
  /** KMS key that encrypts the nodes' EBS volumes. */
  readonly volumesKmsKeyArn: pulumi.Input<string>;
  /** The pool: instance types, NVIDIA AMI type, capacity type, scaling, disk, labels. */
  readonly pool: GpuPoolSpec;
  /**
   * AWS partition of the managed policy ARNs.
   * @default "aws"
   */
  readonly partition?: string;
  /**
   * Tags on every AWS resource (and, through the launch template, on instances and volumes).
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * One EKS managed node group of NVIDIA GPU instances, fenced off with the `nvidia.com/gpu` taint:
 * IMDSv2 with hop limit 1, encrypted gp3 volumes with our key, no SSH, its own minimal node role.
 * The NVIDIA device plugin and DCGM exporter are cluster-wide and live in `HardenedCluster` (`gpu`).
 */
export class GpuNodePool extends pulumi.ComponentResource {
  readonly nodeRoleArn: pulumi.Output<string>;
  readonly nodeGroupName: pulumi.Output<string>;
  readonly nodeGroupArn: pulumi.Output<string>;
  readonly launchTemplateId: pulumi.Output<string>;
  /** Labels every node of this pool carries (select them with a nodeSelector). */
  readonly labels: Readonly<Record<string, string>>;

  constructor(name: string, args: GpuNodePoolArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Validate before anything is registered: one error listing every problem.
    assertValidArgs("GpuNodePool", name, validateGpuNodePoolArgs(args));
    super("rampart:compute:GpuNodePool", name, {}, opts);
    const partition = args.partition ?? GPU_NODE_POOL_DEFAULTS.partition;
    const diskSizeGiB = args.pool.diskSizeGiB ?? GPU_NODE_POOL_DEFAULTS.diskSizeGiB;
    const labels = gpuNodeLabels({ ...args.pool, labels: args.pool.labels ?? GPU_NODE_POOL_DEFAULTS.labels });

    const { role, attachments } = nodeRole(`${name}-node`, this, partition, args.tags);
    const launchTemplate = nodeLaunchTemplate(name, this, {
      amiType: args.pool.amiType,
      diskSizeGiB,
      volumesKmsKeyArn: args.volumesKmsKeyArn,
      securityGroupIds: args.securityGroupIds,
      tags: args.tags,
    });

    const nodeGroup = new aws.eks.NodeGroup(
      `${name}-node-group`,
      {
        clusterName: args.clusterName,
        nodeRoleArn: role.arn,
        subnetIds: args.subnetIds,
        amiType: args.pool.amiType,
        // With the zones known, EC2 must offer every type in every zone before the group is created.
        instanceTypes: args.availabilityZones
          ? offeredInstanceTypes(args.pool.name, args.pool.instanceTypes, args.availabilityZones, {
              parent: this,
            })
          : [...args.pool.instanceTypes],
        capacityType: args.pool.capacityType,
        scalingConfig: {
          minSize: args.pool.minSize,
          maxSize: args.pool.maxSize,
          desiredSize: args.pool.desiredSize,
        },
        updateConfig: { maxUnavailable: GPU_NODE_POOL_DEFAULTS.maxUnavailable },
        launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
        labels,
        // https://docs.aws.amazon.com/eks/latest/userguide/node-taints-managed-node-groups.html
        taints: [{ ...GPU_TAINT }],
        tags: withName(args.tags, name),
      },
      // Node roles must hold their policies before nodes try to join; the autoscaler owns desired size.
      { parent: this, dependsOn: attachments, ignoreChanges: ["scalingConfig.desiredSize"] },
    );

    this.nodeRoleArn = role.arn;
    this.nodeGroupName = nodeGroup.nodeGroupName;
    this.nodeGroupArn = nodeGroup.arn;
    this.launchTemplateId = launchTemplate.id;
    this.labels = labels;
    this.registerOutputs({
      nodeRoleArn: this.nodeRoleArn,
      nodeGroupName: this.nodeGroupName,
      nodeGroupArn: this.nodeGroupArn,
      launchTemplateId: this.launchTemplateId,
      labels: this.labels,
    });
  }
}
