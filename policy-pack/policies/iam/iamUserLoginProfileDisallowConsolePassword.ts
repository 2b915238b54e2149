import { resourcePolicy } from "../../lib/policy";

/**
 * People sign in through the organisation's identity provider (SAML/OIDC federation or IAM Identity
 * Center) and get short sessions with the IdP's MFA; an IAM user password is a second, long-lived way in
 * that the IdP cannot revoke or see.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-users-federation-idp
 */
export const iamUserLoginProfileDisallowConsolePassword = resourcePolicy({
  name: "aws-iam-userloginprofile-disallow-console-password",
  description:
    "IAM users must not get a console password (aws.iam.UserLoginProfile): people sign in through the " +
    "identity provider, whose MFA, session limits and off-boarding a local password bypasses (CIS AWS " +
    "Foundations 1.21, central management through federation). Remedy: delete the login profile and give " +
    "the person a role in the role map.",
  catalog: ["CKV2_AWS_22", "CKV_AWS_273"],
  remediation:
    "Delete the aws.iam.UserLoginProfile and give the person a role through the identity provider (rampart:access.roles).",
  types: ["aws:iam/userLoginProfile:UserLoginProfile"],
  check: () =>
    "An IAM user console password is a long-lived credential outside the identity provider: remove the login profile and federate the person (a role in rampart:access.roles).",
});
