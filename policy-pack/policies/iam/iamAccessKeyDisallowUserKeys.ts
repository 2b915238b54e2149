import { resourcePolicy } from "../../lib/policy";

/** @see https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles */
export const iamAccessKeyDisallowUserKeys = resourcePolicy({
  name: "aws-iam-accesskey-disallow-user-keys",
  description:
    "IAM users must not get access keys: they are long-lived credentials that leak through CI logs, laptops " +
    "and images. Workloads use roles (IRSA, Pod Identity), people use SSO, both get short-lived credentials.",
  types: ["aws:iam/accessKey:AccessKey"],
  check: () =>
    "IAM access keys are long-lived credentials: use a role (IRSA, EKS Pod Identity, IAM Identity Center) instead.",
});
