import { resourcePolicy } from "../../lib/policy";

/** @see https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles */
export const iamAccessKeyDisallowUserKeys = resourcePolicy({
  name: "aws-iam-accesskey-disallow-user-keys",
  description:
    "IAM users must not get access keys: they are long-lived credentials that leak through CI logs, laptops " +
    "and images. Workloads use roles (IRSA, Pod Identity), people use SSO, both get short-lived credentials.",
  catalog: ["CKV_AWS_273"],
  remediation:
    "Delete the aws.iam.AccessKey and give the workload a role (IRSA or EKS Pod Identity) or the person an IAM Identity Center role.",
  types: ["aws:iam/accessKey:AccessKey"],
  check: () =>
    "IAM access keys are long-lived credentials: use a role (IRSA, EKS Pod Identity, IAM Identity Center) instead.",
});
