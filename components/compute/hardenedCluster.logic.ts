import { BACKUP_CLASS_TAG, type BackupClass } from "../operations/recovery.args";
import { cidrProblem } from "../network/subnetPlan";
import { type ArgProblem, Problems } from "../shared/problems";
import {
  addonVersionProblem,
  chartVersionProblem,
  logRetentionProblem,
  roleArnProblem,
  tagArgProblems,
} from "../shared/rules";
import type { HardenedClusterArgs } from "./hardenedCluster";
import {
  diskSizeProblems,
  instanceTypeProblems,
  scalingProblems,
  type PolicyDocument,
  type Scaling,
} from "./nodeGroup.logic";

/**
 * Pure logic for `HardenedCluster`: defaults, argument validation, IAM documents, add-on configuration
 * and the kubeconfig. Tests call these directly, without mocks.
 */

/**
 * Every control-plane log type EKS offers, all shipped to CloudWatch Logs.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
 */
export const CONTROL_PLANE_LOG_TYPES = [
  "api",
  "audit",
  "authenticator",
  "controllerManager",
  "scheduler",
] as const;

/** EKS add-on names, as `aws eks describe-addon-versions` lists them. */
export const ADDON_NAMES = {
  vpcCni: "vpc-cni",
  coreDns: "coredns",
  kubeProxy: "kube-proxy",
  ebsCsiDriver: "aws-ebs-csi-driver",
  podIdentityAgent: "eks-pod-identity-agent",
} as const;
export type AddonKey = keyof typeof ADDON_NAMES;

/** Service accounts the add-ons run as (their IAM roles are bound to exactly these). */
export const VPC_CNI_SERVICE_ACCOUNT = { namespace: "kube-system", name: "aws-node" } as const;
export const EBS_CSI_SERVICE_ACCOUNT = { namespace: "kube-system", name: "ebs-csi-controller-sa" } as const;

/**
 * VPC CNI add-on configuration: turn on the network policy agent so Kubernetes NetworkPolicies are
 * enforced (without it they are accepted and silently ignored).
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html
 */
export const VPC_CNI_CONFIGURATION = { enableNetworkPolicy: "true" } as const;

/**
 * The cluster's name when none is given: fixed (not auto-named), so its control-plane log group
 * `/aws/eks/<name>/cluster` can exist, and be admitted by the logs key, before the cluster.
 */
export function defaultClusterName(project: string, stack: string): string {
  return `${project}-${stack}`;
}

/** Oldest EKS version accepted: from 1.30 on, new clusters no longer mark the legacy gp2 class default. */
export const MIN_KUBERNETES_MINOR = 30;

/** The defaults of `HardenedClusterArgs`, resolved once. */
export const HARDENED_CLUSTER_DEFAULTS = {
  endpointPublicAccessCidrs: [] as readonly string[],
  partition: "aws",
  deletionProtection: true,
  storageClassName: "gp3-encrypted",
  systemNodeDiskSizeGiB: 50,
  /** Label on system nodes; cluster add-ons may select it. */
  systemNodeLabels: { "rampart.io/node-role": "system" } as Readonly<Record<string, string>>,
} as const;

export interface AddonVersions {
  readonly vpcCni: string;
  readonly coreDns: string;
  readonly kubeProxy: string;
  readonly ebsCsiDriver: string;
  readonly podIdentityAgent: string;
}

export interface SystemNodePoolSpec extends Scaling {
  readonly instanceTypes: readonly string[];
  readonly diskSizeGiB?: number;
}

/** The plain (shape-deciding) part of the Args, which is what validation sees. */
export type HardenedClusterPlainArgs = Pick<
  HardenedClusterArgs,
  | "version"
  | "region"
  | "endpointPublicAccessCidrs"
  | "addons"
  | "systemNodePool"
  | "partition"
  | "gpu"
  | "clusterName"
  | "deployerRoleArn"
  | "tags"
> & {
  readonly managementSubnetIds?: unknown;
  readonly controlPlaneLogs?: { readonly retentionDays: number };
};

/** A private ECR registry and an optional repository prefix. @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html */
export const ECR_PREFIX =
  /^\d{12}\.dkr\.ecr\.[a-z]{2}(-[a-z]+)+-\d\.amazonaws\.com(\.cn)?(\/[a-z0-9]+([._/-][a-z0-9]+)*)?$/;

/** Every problem with the Args, each naming the field, the value and the fix. Empty means valid. */
export function validateHardenedClusterArgs(args: HardenedClusterPlainArgs): ArgProblem[] {
  const p = new Problems();
  const version = /^1\.(\d{2})$/.exec(args.version);
  if (!version) {
    p.at(["version"], args.version, 'is not an EKS Kubernetes version (expected e.g. "1.33")');
  } else if (Number(version[1]) < MIN_KUBERNETES_MINOR) {
    // From 1.30, new EKS clusters no longer mark the legacy (unencrypted) gp2 class as default, so our
    // encrypted gp3 class is the only default.
    // @see https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions-extended.html
    p.at(
      ["version"],
      args.version,
      `is older than 1.${MIN_KUBERNETES_MINOR} (older EKS clusters mark the unencrypted gp2 StorageClass as default)`,
    );
  }
  const roleArn = roleArnProblem(args.deployerRoleArn);
  if (roleArn) p.at(["deployerRoleArn"], args.deployerRoleArn, roleArn);
  if (args.clusterName !== undefined && !/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/.test(args.clusterName))
    p.at(
      ["clusterName"],
      args.clusterName,
      'is not an EKS cluster name (expected 1-100 letters, digits, "-" or "_", starting with a letter or digit)',
    );
  const retention = logRetentionProblem(args.controlPlaneLogs?.retentionDays);
  if (retention) p.at(["controlPlaneLogs", "retentionDays"], args.controlPlaneLogs?.retentionDays, retention);
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(args.region))
    p.at(["region"], args.region, 'is not an AWS region (expected e.g. "us-east-1")');
  if (args.partition !== undefined && !/^aws(-[a-z]+)*$/.test(args.partition))
    p.at(["partition"], args.partition, 'is not an AWS partition (expected e.g. "aws")');

  (args.endpointPublicAccessCidrs ?? []).forEach((c, i) => {
    const problem = cidrProblem(c);
    if (problem) p.at(["endpointPublicAccessCidrs", i], c, problem);
    else if (c.endsWith("/0"))
      p.at(
        ["endpointPublicAccessCidrs", i],
        c,
        "opens the API endpoint to the whole internet (list your own CIDRs)",
      );
  });

  for (const key of Object.keys(ADDON_NAMES) as AddonKey[]) {
    const v = args.addons?.[key];
    const problem = addonVersionProblem(v);
    if (problem) p.at(["addons", key], v, problem);
  }

  const pool = args.systemNodePool;
  p.under([], instanceTypeProblems(["systemNodePool", "instanceTypes"], pool.instanceTypes));
  p.under([], scalingProblems(["systemNodePool"], pool));
  if (pool.maxSize >= 1 && pool.minSize < 1)
    p.at(
      ["systemNodePool", "minSize"],
      pool.minSize,
      "must be at least 1 (CoreDNS and the add-ons run there)",
    );
  if (pool.diskSizeGiB !== undefined)
    p.under([], diskSizeProblems(["systemNodePool", "diskSizeGiB"], pool.diskSizeGiB));

  p.under([], tagArgProblems(args.tags));
  if (Array.isArray(args.managementSubnetIds) && args.managementSubnetIds.length < 2)
    p.at(
      ["managementSubnetIds"],
      args.managementSubnetIds.length,
      "subnet(s) given; EKS needs subnets in at least 2 zones",
    );

  if (args.gpu) {
    const gpu = args.gpu;
    for (const key of ["nvidiaDevicePluginVersion", "dcgmExporterVersion"] as const) {
      if (key === "dcgmExporterVersion" && gpu[key] === undefined) continue;
      const problem = chartVersionProblem(gpu[key]);
      if (problem) p.at(["gpu", key], gpu[key], problem);
    }
    if (gpu.dcgmExporterVersion !== undefined && !/^[\w][\w.-]{0,127}$/.test(gpu.dcgmExporterImageTag ?? ""))
      p.at(
        ["gpu", "dcgmExporterImageTag"],
        gpu.dcgmExporterImageTag,
        'is not an image tag (expected the chart version\'s own, e.g. "4.5.3-4.8.2-distroless")',
      );
    if (gpu.imageMirror !== undefined && !ECR_PREFIX.test(gpu.imageMirror))
      p.at(
        ["gpu", "imageMirror"],
        gpu.imageMirror,
        'is not an ECR registry prefix (expected "<account>.dkr.ecr.<region>.amazonaws.com/<prefix>")',
      );
  }
  return p.list;
}

/**
 * IRSA trust: only the named service account of this cluster's OIDC issuer, with the STS audience.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
export function irsaTrustPolicy(
  oidcProviderArn: string,
  issuerUrl: string,
  serviceAccount: { readonly namespace: string; readonly name: string },
): PolicyDocument {
  const issuer = issuerUrl.replace(/^https:\/\//, "");
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${issuer}:sub`]: `system:serviceaccount:${serviceAccount.namespace}:${serviceAccount.name}`,
            [`${issuer}:aud`]: "sts.amazonaws.com",
          },
        },
      },
    ],
  };
}

/**
 * What the EBS CSI driver needs on our customer-managed volumes key (the managed
 * AmazonEBSCSIDriverPolicy covers EC2, not customer keys). Grants only for AWS resources (EBS).
 * @see https://docs.aws.amazon.com/eks/latest/userguide/ebs-csi.html
 */
export function ebsCsiKmsPolicy(volumesKeyArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "GrantsForEbsOnly",
        Effect: "Allow",
        Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
        Resource: volumesKeyArn,
        Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
      },
      {
        Sid: "UseVolumesKey",
        Effect: "Allow",
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
        Resource: volumesKeyArn,
      },
    ],
  };
}

/**
 * A kubeconfig that authenticates with short-lived tokens from `aws eks get-token` (no static
 * credential is stored).
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-kubeconfig.html
 */
export function kubeconfig(clusterName: string, endpoint: string, caData: string, region: string) {
  return {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: clusterName, cluster: { server: endpoint, "certificate-authority-data": caData } }],
    contexts: [{ name: clusterName, context: { cluster: clusterName, user: clusterName } }],
    "current-context": clusterName,
    users: [
      {
        name: clusterName,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "aws",
            args: ["eks", "get-token", "--cluster-name", clusterName, "--region", region, "--output", "json"],
          },
        },
      },
    ],
  };
}

/**
 * The default StorageClass: gp3 through the EBS CSI driver, encrypted with our volumes key. Every volume
 * it provisions is tagged `rampart:backup-class=volumes`, which Recovery's backup selection matches: the
 * driver applies each `tagSpecification_<n>` parameter (`key=value`) to the volumes it creates.
 * @see https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/parameters.md
 * @see https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/tagging.md#storageclass-tagging
 */
export function storageClassParameters(volumesKeyArn: string): Record<string, string> {
  return {
    type: "gp3",
    encrypted: "true",
    kmsKeyId: volumesKeyArn,
    "csi.storage.k8s.io/fstype": "ext4",
    tagSpecification_1: `${BACKUP_CLASS_TAG}=${"volumes" satisfies BackupClass}`,
  };
}

/**
 * The Auto Scaling group of a managed node group, from the node group's `resources[].autoscalingGroups[]`:
 * EKS provisions every managed node of a group in one Auto Scaling group that EKS manages, spanning the
 * group's subnets. Exactly one is expected; anything else is an error here rather than a load balancer
 * silently attached to part of the nodes.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_NodegroupResources.html
 */
export function nodeGroupAutoScalingGroupName(
  nodeGroup: string,
  resources: readonly { readonly autoscalingGroups?: readonly { readonly name?: string }[] }[] | undefined,
): string {
  const names = (resources ?? []).flatMap((r) => (r.autoscalingGroups ?? []).map((g) => g.name ?? ""));
  if (names.length !== 1 || names[0] === "")
    throw new Error(
      `node group ${nodeGroup} reports ${JSON.stringify(names)} as its Auto Scaling groups (expected exactly one: EKS runs a managed node group in one Auto Scaling group)`,
    );
  return names[0]!;
}
