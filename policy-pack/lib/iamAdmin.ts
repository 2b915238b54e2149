import { isAllow, isWildcardAction, parsePolicyDocument } from "./iam";

/**
 * Whether a policy document (JSON string or object) grants administrator access: an Allow of every
 * action (`"*"`, `"*:*"`, or `NotAction`) on every resource (`"*"`). The same reading as
 * aws-iam-policy-disallow-wildcard-admin, for policies that need to know which roles are admin roles.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html#jf_administrator
 */
export function grantsEverything(doc: unknown): boolean {
  return (parsePolicyDocument(doc) ?? []).some(
    (s) =>
      isAllow(s) &&
      s.resources.some((r) => r.trim() === "*") &&
      (s.actions.some(isWildcardAction) || s.notActions.length > 0),
  );
}

/**
 * The AWS-managed AdministratorAccess policy's ARN, in any partition (`aws`, `aws-cn`, `aws-us-gov`).
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html
 */
export const ADMINISTRATOR_ACCESS_ARN = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;

/** Whether `arn` is AdministratorAccess's ARN (surrounding spaces ignored). */
export function isAdministratorAccessArn(arn: unknown): boolean {
  return typeof arn === "string" && ADMINISTRATOR_ACCESS_ARN.test(arn.trim());
}
