import type { PolicyDocument } from "./types";

/**
 * AWS managed policies are attached by ARN and are not in a stack export. Rather than answer "cannot
 * decide" for every identity decision on a node or add-on role, we keep a small table of what our access
 * cases need from the managed policies we attach, each checked against AWS's managed-policy reference.
 *
 * The table is deliberately partial and the evaluator treats it so:
 * - `allows` is a subset of the policy's Allow statements: a match there is a real allow.
 * - `onlyServices`, where given, is the complete list of service prefixes in the published document:
 *   an action of any other service is certainly not allowed by it. Where not given, a request the
 *   subset does not allow is "cannot decide" (the full policy might allow it).
 * - AWS managed policies for these services contain no Deny statements (see the documents linked).
 */

export interface ManagedPolicy {
  readonly arn: string;
  /** The AWS managed-policy reference page the entry was checked against. */
  readonly url: string;
  readonly allows: PolicyDocument;
  readonly onlyServices?: readonly string[];
}

const allow = (sid: string, actions: string[], resource = "*"): PolicyDocument["statements"][number] => ({
  index: 0,
  sid,
  effect: "Allow",
  action: actions,
  resource: [resource],
});
const doc = (...statements: PolicyDocument["statements"][number][]): PolicyDocument => ({
  version: "2012-10-17",
  statements: statements.map((s, index) => ({ ...s, index })),
});

const REF = "https://docs.aws.amazon.com/aws-managed-policy/latest/reference";

export const MANAGED_POLICIES: readonly ManagedPolicy[] = [
  {
    // The whole published document: one statement allowing every action on every resource.
    arn: "arn:aws:iam::aws:policy/AdministratorAccess",
    url: `${REF}/AdministratorAccess.html`,
    allows: doc(allow("Everything", ["*"])),
  },
  {
    arn: "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
    url: `${REF}/AmazonEC2ContainerRegistryPullOnly.html`,
    allows: doc(
      allow("ImagePull", ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]),
    ),
    onlyServices: ["ecr"],
  },
  {
    arn: "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
    url: `${REF}/AmazonEC2ContainerRegistryReadOnly.html`,
    allows: doc(
      allow("ImagePull", [
        "ecr:GetAuthorizationToken",
        "ecr:BatchCheckLayerAvailability",
        "ecr:GetDownloadUrlForLayer",
        "ecr:BatchGetImage",
      ]),
    ),
    onlyServices: ["ecr"],
  },
  {
    arn: "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    url: `${REF}/AmazonEKS_CNI_Policy.html`,
    allows: doc(
      allow("Eni", ["ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface", "ec2:DescribeInstances"]),
    ),
    onlyServices: ["ec2"],
  },
  {
    arn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
    url: `${REF}/AmazonEKSClusterPolicy.html`,
    // The cluster role may describe the secrets key; it holds no kms:CreateGrant (the CreateCluster caller does).
    allows: doc(allow("DescribeKey", ["kms:DescribeKey"])),
  },
  {
    arn: "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    url: `${REF}/AmazonEKSWorkerNodePolicy.html`,
    allows: doc(allow("Describe", ["ec2:DescribeInstances", "eks:DescribeCluster"])),
  },
  {
    arn: "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
    url: `${REF}/AmazonEBSCSIDriverPolicy.html`,
    allows: doc(allow("Describe", ["ec2:DescribeVolumes", "ec2:DescribeInstances"])),
    // Every statement of the published document (v15) names ec2 actions only.
    onlyServices: ["ec2"],
  },
];

export const managedPolicy = (arn: string): ManagedPolicy | undefined =>
  MANAGED_POLICIES.find((p) => p.arn === arn);
