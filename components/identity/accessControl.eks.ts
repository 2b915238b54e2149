import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ACCESS_ROLE_TAG } from "./accessControl.iam.logic";
import { type AccessRole, type Capability, kubernetesGroupOf } from "./roles";

/**
 * AccessControl's EKS plane: an access entry per role mapping its IAM role to the Kubernetes group
 * `rampart:<role>` (our RBAC binds that group), and EKS's cluster-admin access policy for the roles
 * with `platform.admin` only. Everything else a role may do in the cluster is our RBAC's.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html
 */

/** EKS access policies per capability: cluster-admin, cluster scope, for platform.admin only. */
export const EKS_ACCESS_POLICIES: Readonly<Record<Capability, readonly string[]>> = {
  "cluster.describe": [],
  "inference.read": [],
  "models.publish": [],
  "models.deploy": [],
  "prompts.write": [],
  "audit.read": [],
  "platform.admin": ["AmazonEKSClusterAdminPolicy"],
};

/** One line per capability for the README's table (what the EKS plane grants). */
export const EKS_SUMMARY: Readonly<Record<Capability, string>> = {
  "cluster.describe": "an access entry mapping the role to the group `rampart:<role>` (no access policy)",
  "inference.read": "no access policy (RBAC binds `rampart:<role>`)",
  "models.publish": "nothing",
  "models.deploy": "no access policy (RBAC binds `rampart:<role>`)",
  "prompts.write": "no access policy (RBAC binds `rampart:<role>`)",
  "audit.read": "no access policy (RBAC binds `rampart:<role>`)",
  "platform.admin": "AmazonEKSClusterAdminPolicy, cluster scope",
};

/** `AmazonEKSClusterAdminPolicy` → `cluster-admin`, for child names. */
const policySuffix = (policy: string): string =>
  policy
    .replace(/^AmazonEKS|Policy$/g, "")
    .replace(/([a-z])([A-Z])/g, "$1-$2")
    .toLowerCase();

export interface AccessEntriesInputs {
  readonly clusterName: pulumi.Input<string>;
  readonly roles: readonly AccessRole[];
  /** IAM role ARN per role name (createIamRoles' `roleArns`). */
  readonly roleArns: Readonly<Record<string, pulumi.Input<string>>>;
  readonly partition: pulumi.Input<string>;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface AccessEntriesOutputs {
  readonly entries: Readonly<Record<string, aws.eks.AccessEntry>>;
  readonly associations: Readonly<Record<string, aws.eks.AccessPolicyAssociation>>;
}

export function createAccessEntries(
  scope: pulumi.Resource,
  name: string,
  inputs: AccessEntriesInputs,
): AccessEntriesOutputs {
  const entries: Record<string, aws.eks.AccessEntry> = {};
  const associations: Record<string, aws.eks.AccessPolicyAssociation> = {};
  for (const role of inputs.roles) {
    const principalArn = inputs.roleArns[role.name];
    if (principalArn === undefined)
      throw new Error(`createAccessEntries: no IAM role ARN for role "${role.name}"`);
    const entry = new aws.eks.AccessEntry(
      `${name}-${role.name}-entry`,
      {
        clusterName: inputs.clusterName,
        principalArn,
        type: "STANDARD",
        kubernetesGroups: [kubernetesGroupOf(role.name)],
        tags: { ...inputs.tags, [ACCESS_ROLE_TAG]: role.name },
      },
      { parent: scope },
    );
    entries[role.name] = entry;
    const policies = [...new Set(role.capabilities.flatMap((c) => EKS_ACCESS_POLICIES[c]))];
    for (const policy of policies) {
      associations[role.name] = new aws.eks.AccessPolicyAssociation(
        `${name}-${role.name}-${policySuffix(policy)}`,
        {
          clusterName: inputs.clusterName,
          // From the entry: the association waits for it.
          principalArn: entry.principalArn,
          policyArn: pulumi.interpolate`arn:${inputs.partition}:eks::aws:cluster-access-policy/${policy}`,
          accessScope: { type: "cluster" },
        },
        { parent: scope },
      );
    }
  }
  return { entries, associations };
}
