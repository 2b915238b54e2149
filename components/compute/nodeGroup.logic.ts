import { type ArgPath, type ArgProblem, Problems } from "../shared/problems";

/**
 * Pure logic shared by the EKS managed node groups (`HardenedCluster`'s system nodes and `GpuNodePool`):
 * IAM documents, launch-template settings and scaling checks. No Pulumi resources, no I/O.
 */

/** An IAM policy document, as JSON-serialisable data. */
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly Record<string, unknown>[];
}

/** A trust policy letting one AWS service principal assume the role. */
export function serviceTrustPolicy(service: string, actions: readonly string[] = ["sts:AssumeRole"]) {
  return {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: [...actions] }],
  } satisfies PolicyDocument;
}

/** ARN of an AWS managed policy in the given partition. */
export function managedPolicyArn(partition: string, name: string): string {
  return `arn:${partition}:iam::aws:policy/${name}`;
}

/**
 * The only managed policies a node role gets. CNI permissions are *not* here: the VPC CNI gets them
 * through IRSA on its own service account, so ordinary pods cannot borrow them from the node.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html
 */
export const NODE_ROLE_MANAGED_POLICIES = [
  "AmazonEKSWorkerNodePolicy",
  // Pull only (GetAuthorizationToken, BatchGetImage, GetDownloadUrlForLayer, BatchImportUpstreamImage):
  // narrower than AmazonEC2ContainerRegistryReadOnly, which also lists and describes every repository.
  // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEC2ContainerRegistryPullOnly.html
  "AmazonEC2ContainerRegistryPullOnly",
] as const;

/** Kebab-case child-name suffix for a managed policy attachment. */
export const NODE_POLICY_ROLES: Record<(typeof NODE_ROLE_MANAGED_POLICIES)[number], string> = {
  AmazonEKSWorkerNodePolicy: "worker-policy",
  AmazonEC2ContainerRegistryPullOnly: "ecr-pull-policy",
};

/**
 * Instance metadata: IMDSv2 only, and a hop limit of 1 so that a container (one extra network hop) cannot
 * reach the node's instance-profile credentials; pods get AWS access through IRSA / Pod Identity instead.
 * @see https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html#_restrict_access_to_the_instance_profile_assigned_to_the_worker_node
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html
 */
export const METADATA_OPTIONS = {
  httpEndpoint: "enabled",
  httpTokens: "required",
  httpPutResponseHopLimit: 1,
  instanceMetadataTags: "disabled",
} as const;

export interface BlockDevice {
  readonly deviceName: string;
  readonly ebs: {
    readonly volumeSize: number;
    readonly volumeType: "gp3";
    readonly encrypted: "true";
    readonly kmsKeyId: string;
    readonly deleteOnTermination: "true";
  };
}

/** Size of Bottlerocket's OS volume; its container data lives on the second volume. */
export const BOTTLEROCKET_OS_VOLUME_GIB = 4;

/**
 * Root (and, for Bottlerocket, data) volumes: gp3, encrypted with our key. Amazon Linux boots from
 * `/dev/xvda`; Bottlerocket keeps its OS on `/dev/xvda` and images and container storage on
 * `/dev/xvdb`, so both are mapped there, or the data volume would fall back to the account default.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html
 * @see https://bottlerocket.dev/en/os/latest/#/concepts/bottlerocket-on-aws/
 */
export function encryptedBlockDevices(
  amiType: string,
  diskSizeGiB: number,
  kmsKeyArn: string,
): BlockDevice[] {
  const volume = (deviceName: string, volumeSize: number): BlockDevice => ({
    deviceName,
    ebs: {
      volumeSize,
      volumeType: "gp3",
      encrypted: "true",
      kmsKeyId: kmsKeyArn,
      deleteOnTermination: "true",
    },
  });
  if (amiType.startsWith("BOTTLEROCKET_")) {
    return [volume("/dev/xvda", BOTTLEROCKET_OS_VOLUME_GIB), volume("/dev/xvdb", diskSizeGiB)];
  }
  return [volume("/dev/xvda", diskSizeGiB)];
}

export interface Scaling {
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredSize: number;
}

/** Problems with a node group's scaling bounds, under `path`. */
export function scalingProblems(path: ArgPath, s: Scaling): ArgProblem[] {
  const p = new Problems();
  for (const key of ["minSize", "maxSize", "desiredSize"] as const) {
    if (!Number.isInteger(s[key]) || s[key] < 0)
      p.at([...path, key], s[key], "must be a non-negative integer");
  }
  if (s.maxSize < 1) p.at([...path, "maxSize"], s.maxSize, "must be at least 1");
  if (s.minSize > s.maxSize) p.at([...path, "minSize"], s.minSize, `is greater than maxSize (${s.maxSize})`);
  else if (s.desiredSize < s.minSize || s.desiredSize > s.maxSize)
    p.at([...path, "desiredSize"], s.desiredSize, `is outside minSize..maxSize (${s.minSize}..${s.maxSize})`);
  return p.list;
}

const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;

/** Problems with a list of EC2 instance types, under `path`. */
export function instanceTypeProblems(path: ArgPath, types: readonly string[]): ArgProblem[] {
  const p = new Problems();
  if (types.length === 0) p.at(path, types, "is empty (list at least one EC2 instance type)");
  types.forEach((t, i) => {
    if (!INSTANCE_TYPE.test(t)) p.at([...path, i], t, "is not an EC2 instance type");
  });
  return p.list;
}

/** EBS gp3 accepts 1..16384 GiB; nodes need room for images. */
export const DISK_SIZE_RANGE_GIB = [20, 16384] as const;

/** Problems with a disk size in GiB. */
export function diskSizeProblems(path: ArgPath, size: number): ArgProblem[] {
  const [min, max] = DISK_SIZE_RANGE_GIB;
  return Number.isInteger(size) && size >= min && size <= max
    ? []
    : [{ path, value: size, message: `must be an integer from ${min} to ${max} (GiB)` }];
}

/** Tags merged onto every AWS resource, plus a Name. */
export function withName(tags: Readonly<Record<string, string>> | undefined, name: string) {
  return { ...(tags ?? {}), Name: name };
}
