import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { type GpuSoftware, installGpuSoftware } from "./nvidiaSoftware";
import {
  ADDON_NAMES,
  CONTROL_PLANE_LOG_TYPES,
  defaultClusterName,
  EBS_CSI_SERVICE_ACCOUNT,
  ebsCsiKmsPolicy,
  HARDENED_CLUSTER_DEFAULTS,
  irsaTrustPolicy,
  kubeconfig,
  nodeGroupAutoScalingGroupName,
  storageClassParameters,
  validateHardenedClusterArgs,
  VPC_CNI_CONFIGURATION,
  VPC_CNI_SERVICE_ACCOUNT,
  type AddonKey,
  type AddonVersions,
  type SystemNodePoolSpec,
} from "./hardenedCluster.logic";
import { assertValidArgs } from "../shared/problems";
import { encryptedLogGroup } from "../shared/logGroup";
import { podIdentityTrustPolicy } from "../shared/podIdentity";
import { managedPolicyArn, serviceTrustPolicy, withName } from "./nodeGroup.logic";
import { nodeLaunchTemplate, nodeRole } from "./nodeResources";

export type { GpuSoftware };
export {
  validateHardenedClusterArgs,
  HARDENED_CLUSTER_DEFAULTS,
  type AddonVersions,
  type SystemNodePoolSpec,
};

export interface HardenedClusterArgs {
  /** EKS Kubernetes version, e.g. "1.33" (1.30 or later). */
  readonly version: string;
  /** AWS region of the cluster (used by the kubeconfig's `aws eks get-token`). */
  readonly region: string;
  /** Management-tier subnets: the control plane's ENIs and the system node group (at least 2 zones). */
  readonly managementSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * An extra security group for the control plane ENIs (EKS also creates its own cluster security group).
   * @default none
   */
  readonly clusterSecurityGroupId?: pulumi.Input<string>;
  /**
   * Security groups of the system nodes (the management tier's group). Named in the launch template,
   * so EKS does not attach its cluster security group (all traffic from itself, all egress) to nodes.
   * @see https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html
   */
  readonly systemNodeSecurityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
  /** KMS key that envelope-encrypts Kubernetes Secrets in etcd. */
  readonly secretsKmsKeyArn: pulumi.Input<string>;
  /** KMS key for EBS volumes: node root volumes and the default StorageClass. */
  readonly volumesKmsKeyArn: pulumi.Input<string>;
  /**
   * The control-plane log group, created before the cluster so EKS writes into it rather than into a
   * group it would create itself, unencrypted and kept forever.
   * @see https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
   */
  readonly controlPlaneLogs: {
    /** KMS key (the logs key) that encrypts the group. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Retention in days (a CloudWatch Logs retention period). */
    readonly retentionDays: number;
  };
  /**
   * The IAM role that runs `pulumi up` (e.g. CI's deployment role). It gets the one access entry of the
   * cluster, with the cluster-admin access policy, declared here where reviewers see it, instead of the
   * implicit, unrevokable-by-code admin EKS would give whoever created the cluster. The Kubernetes
   * provider authenticates as the caller, so the caller must be (or assume) this role.
   * @see https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html
   */
  readonly deployerRoleArn: string;
  /**
   * The EKS cluster's name, fixed so its log group (`/aws/eks/<name>/cluster`) can exist first.
   * @default "<project>-<stack>"
   */
  readonly clusterName?: string;
  /**
   * CIDRs allowed to reach the public API endpoint. Empty keeps the endpoint private-only; never 0.0.0.0/0.
   * @default []
   */
  readonly endpointPublicAccessCidrs?: readonly string[];
  /** Pinned EKS add-on versions. */
  readonly addons: AddonVersions;
  /** The small non-GPU node group that runs CoreDNS and the cluster add-ons. */
  readonly systemNodePool: SystemNodePoolSpec;
  /**
   * Cluster-wide NVIDIA software, pinned chart versions: the device plugin, and the DCGM exporter
   * unless its version is omitted. Omit `gpu` for a cluster without GPU pools.
   * @default none
   */
  readonly gpu?: GpuSoftware;
  /**
   * Refuse `DeleteCluster` until turned off.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * AWS partition of the managed policy ARNs.
   * @default "aws"
   */
  readonly partition?: string;
  /**
   * Tags on every AWS resource.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An EKS cluster with the settings the defaults leave open closed: private API endpoint, Secrets
 * envelope-encrypted with our key, every control-plane log type, access entries only (no `aws-auth`),
 * no permanent admin for the creator, add-ons pinned with their AWS permissions on their own service
 * accounts, a system node group with IMDSv2 and encrypted volumes, and an encrypted gp3 default
 * StorageClass. Exposes a Kubernetes provider for every Kubernetes resource of the stack.
 */
export class HardenedCluster extends pulumi.ComponentResource {
  readonly clusterName: pulumi.Output<string>;
  readonly clusterArn: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  /** PEM of the cluster's CA (decoded from `certificateAuthority.data`), for clients such as Vault's Kubernetes auth. */
  readonly certificateAuthorityPem: pulumi.Output<string>;
  /** The security group EKS creates for the control plane and nodes. */
  readonly clusterSecurityGroupId: pulumi.Output<string>;
  readonly oidcProviderArn: pulumi.Output<string>;
  /** The OIDC issuer URL (`https://oidc.eks.<region>.amazonaws.com/id/...`). */
  readonly oidcProviderUrl: pulumi.Output<string>;
  /** Node role of the system node group. */
  readonly nodeRoleArn: pulumi.Output<string>;
  /**
   * The Auto Scaling group of each system node group (one today), for load balancer target
   * attachments (`PublicEdgeArgs.targetAutoScalingGroupNames`): the mesh ingress gateway runs on these
   * nodes. One entry per node group, so the count is known when the component is constructed and a
   * consumer can create one resource per entry.
   */
  readonly systemNodeAutoScalingGroupNames: pulumi.Output<string>[];
  readonly kubeconfig: pulumi.Output<string>;
  readonly kubeProvider: k8s.Provider;
  readonly storageClassName: string;
  /** The cluster resource, for `dependsOn`. */
  readonly cluster: aws.eks.Cluster;
  /**
   * The control plane's log group (`/aws/eks/<cluster>/cluster`: api, audit, authenticator,
   * controllerManager, scheduler), which the SIEM subscribes to.
   */
  readonly controlPlaneLogGroupName: pulumi.Output<string>;

  private readonly name: string;
  private readonly args: HardenedClusterArgs;
  private readonly partition: string;

  constructor(name: string, args: HardenedClusterArgs, opts: pulumi.ComponentResourceOptions = {}) {
    assertValidArgs("HardenedCluster", name, validateHardenedClusterArgs(args));
    super("rampart:compute:HardenedCluster", name, {}, opts);
    this.name = name;
    this.args = args;
    this.partition = args.partition ?? HARDENED_CLUSTER_DEFAULTS.partition;

    const { cluster, logGroup } = this.controlPlane();
    this.cluster = cluster;
    this.controlPlaneLogGroupName = logGroup.name;
    const issuerUrl = cluster.identities.apply((ids) => ids[0]?.oidcs?.[0]?.issuer ?? "");
    const roles = this.addonRoles(issuerUrl);
    const preNodeAddons = [
      this.addon(
        "vpcCni",
        {
          serviceAccountRoleArn: roles.cni.arn,
          configurationValues: JSON.stringify(VPC_CNI_CONFIGURATION),
        },
        [roles.cniPolicy],
      ),
      this.addon("kubeProxy", {}, []),
      this.addon("podIdentityAgent", {}, []),
    ];
    const system = this.systemNodeGroup(preNodeAddons);
    // CoreDNS and the EBS CSI controller run on nodes, so they wait for the system node group.
    this.addon("coreDns", {}, [system.nodes]);
    const ebsCsi = this.addon(
      "ebsCsiDriver",
      {
        podIdentityAssociations: [{ roleArn: roles.ebs.arn, serviceAccount: EBS_CSI_SERVICE_ACCOUNT.name }],
      },
      [system.nodes, ...roles.ebsPolicies],
    );

    this.kubeconfig = pulumi.secret(
      pulumi
        .all([cluster.name, cluster.endpoint, cluster.certificateAuthority])
        .apply(([n, endpoint, ca]) => JSON.stringify(kubeconfig(n, endpoint, ca.data ?? "", args.region))),
    );
    this.kubeProvider = this.deployerAccess(cluster);
    this.storageClassName = HARDENED_CLUSTER_DEFAULTS.storageClassName;
    this.defaultStorageClass(ebsCsi);
    if (args.gpu)
      installGpuSoftware(name, args.gpu, {
        parent: this,
        provider: this.kubeProvider,
        dependsOn: [system.nodes],
      });

    this.clusterName = cluster.name;
    this.clusterArn = cluster.arn;
    this.endpoint = cluster.endpoint;
    this.certificateAuthorityPem = cluster.certificateAuthority.apply((ca) =>
      Buffer.from(ca.data ?? "", "base64").toString("utf8"),
    );
    this.clusterSecurityGroupId = cluster.vpcConfig.apply((v) => v.clusterSecurityGroupId);
    this.oidcProviderArn = roles.oidcProvider.arn;
    this.oidcProviderUrl = issuerUrl;
    this.nodeRoleArn = system.role.arn;
    this.systemNodeAutoScalingGroupNames = [
      system.nodes.resources.apply((r) => nodeGroupAutoScalingGroupName(`${name}-system-nodes`, r)),
    ];
    this.registerOutputs({
      clusterName: this.clusterName,
      clusterArn: this.clusterArn,
      endpoint: this.endpoint,
      clusterSecurityGroupId: this.clusterSecurityGroupId,
      oidcProviderArn: this.oidcProviderArn,
      oidcProviderUrl: this.oidcProviderUrl,
      nodeRoleArn: this.nodeRoleArn,
      systemNodeAutoScalingGroupNames: this.systemNodeAutoScalingGroupNames,
      kubeconfig: this.kubeconfig,
      storageClassName: this.storageClassName,
      controlPlaneLogGroupName: this.controlPlaneLogGroupName,
    });
  }

  private tagged(role: string) {
    return withName(this.args.tags, `${this.name}-${role}`);
  }

  private managedPolicy(name: string): string {
    return managedPolicyArn(this.partition, name);
  }

  /** The cluster, its role and its log group (created first, so EKS writes into ours). */
  private controlPlane(): { cluster: aws.eks.Cluster; logGroup: aws.cloudwatch.LogGroup } {
    const { name, args } = this;
    const d = HARDENED_CLUSTER_DEFAULTS;
    const publicCidrs = [...(args.endpointPublicAccessCidrs ?? d.endpointPublicAccessCidrs)];
    // Cluster role: AmazonEKSClusterPolicy only. https://docs.aws.amazon.com/eks/latest/userguide/cluster-iam-role.html
    const clusterRole = new aws.iam.Role(
      `${name}-cluster-role`,
      {
        assumeRolePolicy: JSON.stringify(serviceTrustPolicy("eks.amazonaws.com")),
        tags: this.tagged("cluster-role"),
      },
      { parent: this },
    );
    const clusterPolicy = new aws.iam.RolePolicyAttachment(
      `${name}-cluster-policy`,
      { role: clusterRole.name, policyArn: this.managedPolicy("AmazonEKSClusterPolicy") },
      { parent: this },
    );

    const clusterName = args.clusterName ?? defaultClusterName(pulumi.getProject(), pulumi.getStack());
    const controlPlaneLogGroup = encryptedLogGroup(
      `${name}-control-plane-logs`,
      {
        name: `/aws/eks/${clusterName}/cluster`,
        kmsKeyArn: args.controlPlaneLogs.kmsKeyArn,
        retentionDays: args.controlPlaneLogs.retentionDays,
        tags: this.tagged("control-plane-logs"),
      },
      { parent: this },
    );

    const cluster = new aws.eks.Cluster(
      `${name}-cluster`,
      {
        name: clusterName,
        version: args.version,
        roleArn: clusterRole.arn,
        vpcConfig: {
          subnetIds: args.managementSubnetIds,
          securityGroupIds: args.clusterSecurityGroupId ? [args.clusterSecurityGroupId] : undefined,
          // The API is reachable from the VPC; publicly only from listed CIDRs, if any.
          // https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
          endpointPrivateAccess: true,
          endpointPublicAccess: publicCidrs.length > 0,
          publicAccessCidrs: publicCidrs.length > 0 ? publicCidrs : undefined,
        },
        // Secrets are envelope-encrypted with our key. https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html
        encryptionConfig: { resources: ["secrets"], provider: { keyArn: args.secretsKmsKeyArn } },
        enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
        // Access entries only (no aws-auth ConfigMap), and the identity running `pulumi up` gets no
        // standing cluster-admin entry. https://docs.aws.amazon.com/eks/latest/userguide/grant-k8s-access.html
        accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
        // Add-ons come only from the pinned EKS add-ons below, not the unmanaged bootstrap copies.
        bootstrapSelfManagedAddons: false,
        deletionProtection: args.deletionProtection ?? d.deletionProtection,
        tags: this.tagged("cluster"),
      },
      { parent: this, dependsOn: [clusterPolicy, controlPlaneLogGroup] },
    );
    return { cluster, logGroup: controlPlaneLogGroup };
  }

  /** The OIDC provider and the add-ons' own roles (IRSA for the CNI, Pod Identity for EBS CSI). */
  private addonRoles(issuerUrl: pulumi.Output<string>) {
    const { name, args } = this;
    // IRSA. No thumbprint: IAM verifies the EKS issuer's JWKS endpoint against its trusted CA library.
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateOpenIDConnectProviderThumbprint.html
    const oidcProvider = new aws.iam.OpenIdConnectProvider(
      `${name}-oidc-provider`,
      { url: issuerUrl, clientIdLists: ["sts.amazonaws.com"], tags: this.tagged("oidc-provider") },
      { parent: this },
    );

    // VPC CNI permissions on its own service account (IRSA), not on the node role: a pod on the node
    // cannot borrow them. https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html
    const cni = new aws.iam.Role(
      `${name}-vpc-cni-role`,
      {
        assumeRolePolicy: pulumi
          .all([oidcProvider.arn, issuerUrl])
          .apply(([arn, url]) => JSON.stringify(irsaTrustPolicy(arn, url, VPC_CNI_SERVICE_ACCOUNT))),
        tags: this.tagged("vpc-cni-role"),
      },
      { parent: this },
    );
    const cniPolicy = new aws.iam.RolePolicyAttachment(
      `${name}-vpc-cni-policy`,
      { role: cni.name, policyArn: this.managedPolicy("AmazonEKS_CNI_Policy") },
      { parent: this },
    );

    // EBS CSI driver: its own role through EKS Pod Identity, plus use of our volumes key.
    // https://docs.aws.amazon.com/eks/latest/userguide/ebs-csi.html
    const ebs = new aws.iam.Role(
      `${name}-ebs-csi-role`,
      {
        assumeRolePolicy: aws
          .getCallerIdentityOutput({}, { parent: this })
          .accountId.apply((account) => JSON.stringify(podIdentityTrustPolicy(account))),
        tags: this.tagged("ebs-csi-role"),
      },
      { parent: this },
    );
    const ebsPolicies = [
      new aws.iam.RolePolicyAttachment(
        `${name}-ebs-csi-policy`,
        { role: ebs.name, policyArn: this.managedPolicy("service-role/AmazonEBSCSIDriverPolicy") },
        { parent: this },
      ),
      new aws.iam.RolePolicy(
        `${name}-ebs-csi-kms-policy`,
        {
          role: ebs.name,
          policy: pulumi.output(args.volumesKmsKeyArn).apply((k) => JSON.stringify(ebsCsiKmsPolicy(k))),
        },
        { parent: this },
      ),
    ];
    return { oidcProvider, cni, cniPolicy, ebs, ebsPolicies };
  }

  private addon(key: AddonKey, extra: Partial<aws.eks.AddonArgs>, dependsOn: pulumi.Resource[]) {
    return new aws.eks.Addon(
      `${this.name}-${ADDON_NAMES[key]}`,
      {
        clusterName: this.cluster.name,
        addonName: ADDON_NAMES[key],
        addonVersion: this.args.addons[key],
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
        tags: this.tagged(ADDON_NAMES[key]),
        ...extra,
      },
      { parent: this, dependsOn },
    );
  }

  /** The system node group (IMDSv2, encrypted gp3, no SSH) and its role. */
  private systemNodeGroup(preNodeAddons: pulumi.Resource[]) {
    const { name, args } = this;
    const d = HARDENED_CLUSTER_DEFAULTS;
    const { role, attachments } = nodeRole(`${name}-node`, this, this.partition, args.tags);
    const launchTemplate = nodeLaunchTemplate(`${name}-system`, this, {
      amiType: "AL2023_x86_64_STANDARD",
      diskSizeGiB: args.systemNodePool.diskSizeGiB ?? d.systemNodeDiskSizeGiB,
      volumesKmsKeyArn: args.volumesKmsKeyArn,
      securityGroupIds: args.systemNodeSecurityGroupIds,
      tags: args.tags,
    });
    const nodes = new aws.eks.NodeGroup(
      `${name}-system-nodes`,
      {
        clusterName: this.cluster.name,
        nodeRoleArn: role.arn,
        subnetIds: args.managementSubnetIds,
        amiType: "AL2023_x86_64_STANDARD",
        instanceTypes: [...args.systemNodePool.instanceTypes],
        capacityType: "ON_DEMAND",
        scalingConfig: {
          minSize: args.systemNodePool.minSize,
          maxSize: args.systemNodePool.maxSize,
          desiredSize: args.systemNodePool.desiredSize,
        },
        updateConfig: { maxUnavailable: 1 },
        launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
        labels: { ...d.systemNodeLabels },
        tags: this.tagged("system-nodes"),
      },
      // Networking and identity add-ons must exist before nodes join.
      {
        parent: this,
        dependsOn: [...attachments, ...preNodeAddons],
        ignoreChanges: ["scalingConfig.desiredSize"],
      },
    );
    return { role, nodes };
  }

  /**
   * The deployer's access entry (cluster-admin) and the Kubernetes provider, which waits for it: before
   * it, every Kubernetes call would be Unauthorized.
   */
  private deployerAccess(cluster: aws.eks.Cluster): k8s.Provider {
    const { name, args } = this;
    const access = new aws.eks.AccessEntry(
      `${name}-deployer-access`,
      {
        clusterName: cluster.name,
        principalArn: args.deployerRoleArn,
        type: "STANDARD",
        // The role map's tag (components/identity/): the pack tells the deployer's cluster-admin from a
        // human role's by it.
        tags: { ...this.tagged("deployer-access"), "rampart:access-role": "deployer" },
      },
      { parent: this },
    );
    const admin = new aws.eks.AccessPolicyAssociation(
      `${name}-deployer-admin`,
      {
        clusterName: cluster.name,
        principalArn: access.principalArn,
        policyArn: `arn:${this.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
        accessScope: { type: "cluster" },
      },
      { parent: this },
    );
    return new k8s.Provider(
      `${name}-k8s`,
      { kubeconfig: this.kubeconfig },
      { parent: this, dependsOn: [admin] },
    );
  }

  /**
   * Default StorageClass: gp3, encrypted with our key. Since EKS 1.30, new clusters' legacy gp2 class is
   * not marked default, so this is the only default.
   * @see https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions-extended.html
   */
  private defaultStorageClass(ebsCsi: pulumi.Resource): void {
    new k8s.storage.v1.StorageClass(
      `${this.name}-gp3`,
      {
        metadata: {
          name: this.storageClassName,
          annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
        },
        provisioner: "ebs.csi.aws.com",
        parameters: pulumi.output(this.args.volumesKmsKeyArn).apply(storageClassParameters),
        reclaimPolicy: "Delete",
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
      },
      { parent: this, provider: this.kubeProvider, dependsOn: [ebsCsi] },
    );
  }
}
