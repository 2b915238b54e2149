import { resourcePolicy } from "../../lib/policy";
import { listOfStrings } from "../../lib/values";

const USER_POLICY = "aws:iam/userPolicy:UserPolicy";
const USER_ATTACHMENT = "aws:iam/userPolicyAttachment:UserPolicyAttachment";
const POLICY_ATTACHMENT = "aws:iam/policyAttachment:PolicyAttachment";

/**
 * Permissions on a user (inline `UserPolicy`, `UserPolicyAttachment`, a `PolicyAttachment` naming users)
 * are invisible from the role map and outlive the person's role; people get permissions from roles
 * (the role map), and where IAM users must exist, from groups.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-2
 */
export const iamUserDisallowDirectPolicies = resourcePolicy({
  name: "aws-iam-user-disallow-direct-policies",
  description:
    "IAM policies must not be attached to users directly (UserPolicy, UserPolicyAttachment, or a " +
    "PolicyAttachment listing users): per-user grants escape review and off-boarding, and are how a " +
    "forgotten user keeps administrator access (CIS AWS Foundations 1.15, Security Hub IAM.2, Checkov " +
    "CKV_AWS_40). Remedy: grant through a role of the role map (or an IAM group).",
  catalog: ["CKV_AWS_40", "AVD-AWS-0143", "CIS AWS 1.15", "FSBP IAM.2"],
  remediation:
    "Remove the UserPolicy, UserPolicyAttachment or PolicyAttachment users entry and grant the permissions through a role (or an IAM group).",
  types: [USER_POLICY, USER_ATTACHMENT, POLICY_ATTACHMENT],
  check: (props, ctx) => {
    if (ctx.type === USER_POLICY)
      return "Inline policy on an IAM user: grant it through a role (or a group) instead.";
    if (ctx.type === USER_ATTACHMENT)
      return "Managed policy attached to an IAM user: attach it to a role (or a group) instead.";
    if (!("users" in props)) return;
    const users = listOfStrings(props.users).filter((u) => u.trim() !== "");
    if (users.length > 0)
      return `PolicyAttachment attaches the policy to IAM users (${users.join(", ")}): attach it to roles (or groups) instead.`;
  },
});
