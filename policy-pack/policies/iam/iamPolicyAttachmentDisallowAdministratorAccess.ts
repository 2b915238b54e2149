import type { PolicyResource } from "@pulumi/policy";
import { isAdministratorAccessArn } from "../../lib/iamAdmin";
import { stackPolicy, type StackViolation } from "../../lib/policy";
import { refersTo, stringsOf } from "../../lib/refs";
import { seen, UNSEEN } from "../../lib/unknown";
import { isSet, listOfStrings } from "../../lib/values";

const ROLE = "aws:iam/role:Role";
const ROLE_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const USER_ATTACHMENT = "aws:iam/userPolicyAttachment:UserPolicyAttachment";
const GROUP_ATTACHMENT = "aws:iam/groupPolicyAttachment:GroupPolicyAttachment";
const POLICY_ATTACHMENT = "aws:iam/policyAttachment:PolicyAttachment";

/** Whether a role of the stack carries a permissions boundary; UNSEEN when that is unknown. */
function bounded(role: PolicyResource): boolean | typeof UNSEEN {
  return seen(() => "permissionsBoundary" in role.props && isSet(role.props.permissionsBoundary));
}

/**
 * AdministratorAccess is `Allow * on *`. A permissions boundary caps what it can grant (AccessControl's
 * platform-admin and break-glass roles take it that way, with MFA), so on a role of this stack that carries
 * a boundary it is accepted; on a role without one, on a role this stack cannot see (its boundary is
 * unknown here), or on a user or group (people take roles) it is full, uncapped control of the account.
 * Checkov's CKV_AWS_274 refuses the attachment outright; this policy refuses it unless a boundary caps it.
 * Values unknown during preview are skipped (`seen`), so one unknown ARN does not silence the others.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html
 */
export const iamPolicyAttachmentDisallowAdministratorAccess = stackPolicy({
  name: "aws-iam-policyattachment-disallow-administrator-access",
  description:
    "The AWS-managed AdministratorAccess policy must not be attached to IAM users or groups, nor to a role " +
    "without a permissions boundary (managedPolicyArns, RolePolicyAttachment, UserPolicyAttachment, " +
    "GroupPolicyAttachment, PolicyAttachment): uncapped, it is every action on every resource, and any " +
    "credential holding it can disable every other control in the account.",
  catalog: ["CKV_AWS_274", "CIS AWS 1.16"],
  remediation:
    "Attach a scoped policy instead, or attach AdministratorAccess only to a role of this stack whose permissionsBoundary is set to the boundary policy's ARN.",
  types: [ROLE, ROLE_ATTACHMENT, USER_ATTACHMENT, GROUP_ATTACHMENT, POLICY_ATTACHMENT],
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    const roles = ctx.ofType(ROLE);
    const unbounded =
      "without a permissions boundary: set the role's permissionsBoundary, or attach a scoped policy.";
    /** The stack's roles `att.prop` names: [] when none of them, UNSEEN when it cannot be told. */
    const targets = (att: PolicyResource, prop: string): PolicyResource[] | typeof UNSEEN => {
      const found: PolicyResource[] = [];
      let unseen = false;
      for (const role of roles) {
        const r = refersTo(att, prop, role, ["name", "id", "arn"]);
        if (r === true) found.push(role);
        else if (r === undefined) unseen = true;
      }
      return found.length === 0 && unseen ? UNSEEN : found;
    };
    const judgeRoles = (att: PolicyResource, prop: string, named: number) => {
      const found = targets(att, prop);
      if (found === UNSEEN) return;
      for (const role of found)
        if (bounded(role) === false)
          out.push({
            urn: att.urn,
            message: `Attaches AdministratorAccess to role "${role.name}" ${unbounded}`,
          });
      if (found.length < named)
        out.push({
          urn: att.urn,
          message:
            "Attaches AdministratorAccess to a role outside this stack, whose permissions boundary cannot be checked: " +
            "attach it in the stack that owns the role (with a permissionsBoundary), or attach a scoped policy.",
        });
    };

    for (const role of roles) {
      const managed = stringsOf(role, "managedPolicyArns");
      if (managed === UNSEEN || !managed.some(isAdministratorAccessArn)) continue;
      if (bounded(role) === false)
        out.push({
          urn: role.urn,
          message: `Role "${role.name}" lists AdministratorAccess in managedPolicyArns ${unbounded}`,
        });
    }
    for (const att of ctx.ofType(ROLE_ATTACHMENT, USER_ATTACHMENT, GROUP_ATTACHMENT, POLICY_ATTACHMENT)) {
      const arn = seen(() => ("policyArn" in att.props ? att.props.policyArn : undefined));
      if (!isAdministratorAccessArn(arn)) continue;
      if (att.type === USER_ATTACHMENT || att.type === GROUP_ATTACHMENT) {
        const who = att.type === USER_ATTACHMENT ? "an IAM user" : "an IAM group";
        out.push({
          urn: att.urn,
          message: `Attaches AdministratorAccess to ${who}: give the people a role (with a permissions boundary) instead.`,
        });
        continue;
      }
      if (att.type === ROLE_ATTACHMENT) {
        judgeRoles(att, "role", 1);
        continue;
      }
      const principals = seen(() => ({
        users: "users" in att.props ? listOfStrings(att.props.users) : [],
        groups: "groups" in att.props ? listOfStrings(att.props.groups) : [],
        roles: "roles" in att.props ? listOfStrings(att.props.roles) : [],
      }));
      if (principals === UNSEEN) continue;
      const people = [...principals.users, ...principals.groups].filter((p) => p.trim() !== "");
      if (people.length > 0)
        out.push({
          urn: att.urn,
          message: `Attaches AdministratorAccess to IAM users or groups (${people.join(", ")}): give the people a role (with a permissions boundary) instead.`,
        });
      const named = principals.roles.filter((r) => r.trim() !== "").length;
      if (named > 0) judgeRoles(att, "roles", named);
    }
    return out;
  },
});
