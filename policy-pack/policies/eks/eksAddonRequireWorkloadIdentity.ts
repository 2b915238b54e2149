import { resourcePolicy } from "../../lib/policy";
import { asArray, asObject, isUnknown, plain } from "../../lib/values";

/** Add-ons whose controllers call AWS APIs (ENIs, volumes, file systems, buckets, CloudWatch). */
const AWS_CALLING_ADDONS = [
  "vpc-cni",
  "aws-ebs-csi-driver",
  "aws-efs-csi-driver",
  "aws-mountpoint-s3-csi-driver",
  "amazon-cloudwatch-observability",
];

/** Set, or an output not known yet (a role's ARN during preview): either way a role is named. */
const named = (v: unknown): boolean => isUnknown(v) || (typeof v === "string" && v.trim() !== "");

/**
 * Without `serviceAccountRoleArn` (IRSA) or `podIdentityAssociations`, an add-on that calls AWS falls back
 * to the node's instance role: the node role must then hold the add-on's permissions (ENI management for
 * the VPC CNI, volume attach and delete for the EBS CSI driver), and every pod that reaches the instance
 * metadata service holds them too. Read without the SDK's proxy, so a role ARN still unknown during preview
 * counts as named (it is the output of the role the stack creates).
 * @see https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html
 */
export const eksAddonRequireWorkloadIdentity = resourcePolicy({
  name: "aws-eks-addon-require-workload-identity",
  description:
    "EKS add-ons that call AWS APIs (vpc-cni, the EBS, EFS and S3 CSI drivers, CloudWatch observability) must " +
    "get their own IAM role (serviceAccountRoleArn or podIdentityAssociations) instead of the node role: on the " +
    "node role their permissions are every pod's that reaches the instance metadata service.",
  catalog: ["CIS EKS 5.2.1"],
  remediation:
    "Set serviceAccountRoleArn (IRSA) or podIdentityAssociations [{ roleArn, serviceAccount }] on the add-on, and remove its policy from the node role.",
  types: ["aws:eks/addon:Addon"],
  configSchema: {
    properties: {
      addons: {
        type: "array",
        items: { type: "string" },
        default: AWS_CALLING_ADDONS,
        description: "Add-on names that must have a role of their own.",
      },
    },
  },
  check: (props, ctx) => {
    // The name through the proxy: unknown (rare), the SDK's advisory note says the policy could not run.
    const name: unknown = "addonName" in props ? props.addonName : undefined;
    if (typeof name !== "string") return;
    const p = plain(props);
    const addons: unknown[] = Array.isArray(ctx.config.addons) ? ctx.config.addons : AWS_CALLING_ADDONS;
    if (!addons.includes(name)) return;
    if (named(p.serviceAccountRoleArn)) return;
    const assoc = p.podIdentityAssociations;
    if (isUnknown(assoc)) return;
    if (asArray(assoc).some((a) => named(asObject(plain(a))?.roleArn))) return;
    return `Add-on ${name} has no role of its own (serviceAccountRoleArn or podIdentityAssociations), so it runs on the node role: set serviceAccountRoleArn or podIdentityAssociations [{ roleArn, serviceAccount }].`;
  },
});
