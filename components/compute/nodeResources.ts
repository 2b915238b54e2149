import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  encryptedBlockDevices,
  managedPolicyArn,
  METADATA_OPTIONS,
  NODE_POLICY_ROLES,
  NODE_ROLE_MANAGED_POLICIES,
  serviceTrustPolicy,
  withName,
} from "./nodeGroup.logic";

/**
 * Resource helpers shared by the components that own EKS managed node groups. Each creates children of
 * `parent` named `${prefix}-<role>`; the calling component decides the prefix.
 */

/** A node role that EC2 assumes, with exactly the managed policies in NODE_ROLE_MANAGED_POLICIES. */
export function nodeRole(
  prefix: string,
  parent: pulumi.Resource,
  partition: string,
  tags: Readonly<Record<string, string>> | undefined,
): { role: aws.iam.Role; attachments: aws.iam.RolePolicyAttachment[] } {
  const role = new aws.iam.Role(
    `${prefix}-role`,
    {
      assumeRolePolicy: JSON.stringify(serviceTrustPolicy("ec2.amazonaws.com")),
      description: "EKS managed node group instances (kubelet, image pulls)",
      tags: withName(tags, `${prefix}-role`),
    },
    { parent },
  );
  const attachments = NODE_ROLE_MANAGED_POLICIES.map(
    (policy) =>
      new aws.iam.RolePolicyAttachment(
        `${prefix}-${NODE_POLICY_ROLES[policy]}`,
        { role: role.name, policyArn: managedPolicyArn(partition, policy) },
        { parent },
      ),
  );
  return { role, attachments };
}

/**
 * A launch template for a managed node group: IMDSv2 with hop limit 1, encrypted gp3 volumes with our
 * key, detailed monitoring, no key pair (there is no SSH path to a node), the tier's security groups,
 * tags on instances and volumes.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html
 */
export function nodeLaunchTemplate(
  prefix: string,
  parent: pulumi.Resource,
  opts: {
    readonly amiType: string;
    readonly diskSizeGiB: number;
    readonly volumesKmsKeyArn: pulumi.Input<string>;
    /**
     * The nodes' security groups. Named here, they replace the EKS cluster security group EKS would
     * otherwise attach (which admits all traffic from every node and the control plane, and all egress).
     * @see https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html#launch-template-security-groups
     */
    readonly securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
    readonly tags: Readonly<Record<string, string>> | undefined;
  },
): aws.ec2.LaunchTemplate {
  const tags = withName(opts.tags, prefix);
  return new aws.ec2.LaunchTemplate(
    `${prefix}-launch-template`,
    {
      description: `EKS nodes ${prefix}: IMDSv2 only, encrypted volumes`,
      metadataOptions: { ...METADATA_OPTIONS },
      blockDeviceMappings: pulumi
        .output(opts.volumesKmsKeyArn)
        .apply((key) => encryptedBlockDevices(opts.amiType, opts.diskSizeGiB, key)),
      monitoring: { enabled: true },
      vpcSecurityGroupIds: opts.securityGroupIds,
      updateDefaultVersion: true,
      tagSpecifications: [
        { resourceType: "instance", tags },
        { resourceType: "volume", tags },
      ],
      tags,
    },
    { parent },
  );
}
