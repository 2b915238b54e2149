import type { PolicyResource } from "@pulumi/policy";
import { awsPrincipals, isAllow, parsePolicyDocument, requiresMfa, statementLabel } from "../../lib/iam";
import { stackPolicy, type StackViolation } from "../../lib/policy";
import { refersTo, stringsOf } from "../../lib/refs";
import { seen, UNSEEN } from "../../lib/unknown";
import { tagValue } from "../../lib/values";

const ROLE = "aws:iam/role:Role";
const ROLE_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const POLICY_ATTACHMENT = "aws:iam/policyAttachment:PolicyAttachment";

/** The AWS-managed AdministratorAccess policy, in any partition. */
const ADMIN_ARN = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;

function isAdminArn(arn: string, extra: readonly string[]): boolean {
  return ADMIN_ARN.test(arn) || extra.includes(arn);
}

/**
 * A role is an admin role when it is tagged `rampart:role=admin`, lists AdministratorAccess (or a
 * configured ARN) in `managedPolicyArns`, or has it attached by a `RolePolicyAttachment` or
 * `PolicyAttachment` (separate resources, hence a stack policy). Every statement of its trust policy that
 * lets IAM principals (`Principal.AWS`) assume it must require MFA. Service and federated principals
 * cannot present MFA to STS (federated MFA is the IdP's job) and are not judged here.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html
 */
export const iamRoleRequireMfaForAdmin = stackPolicy({
  name: "aws-iam-role-require-mfa-for-admin",
  description:
    "Administrator roles (AdministratorAccess attached, or tagged rampart:role=admin) must require MFA " +
    "(aws:MultiFactorAuthPresent) in their trust policy, so a leaked password or access key alone cannot " +
    "become full control of the account.",
  types: [ROLE, ROLE_ATTACHMENT, POLICY_ATTACHMENT],
  configSchema: {
    properties: {
      adminPolicyArns: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Further policy ARNs that make a role an admin role (AdministratorAccess always does).",
      },
    },
  },
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    const extra: string[] = Array.isArray(ctx.config.adminPolicyArns) ? ctx.config.adminPolicyArns : [];
    const attachments = ctx.ofType(ROLE_ATTACHMENT, POLICY_ATTACHMENT);
    const isAdmin = (role: PolicyResource): boolean => {
      if (seen(() => tagValue(role.props, "rampart:role")) === "admin") return true;
      const managed = stringsOf(role, "managedPolicyArns");
      if (managed !== UNSEEN && managed.some((a) => isAdminArn(a, extra))) return true;
      return attachments.some((att) => {
        const arn = seen(() => ("policyArn" in att.props ? att.props.policyArn : undefined));
        if (typeof arn !== "string" || !isAdminArn(arn, extra)) return false;
        const prop = att.type === ROLE_ATTACHMENT ? "role" : "roles";
        return refersTo(att, prop, role, ["name", "id", "arn"]) === true;
      });
    };
    for (const role of ctx.ofType(ROLE)) {
      if (!isAdmin(role)) continue;
      const statements = seen(() =>
        "assumeRolePolicy" in role.props ? parsePolicyDocument(role.props.assumeRolePolicy) : undefined,
      );
      if (statements === UNSEEN || statements === undefined) continue;
      for (const s of statements) {
        if (!isAllow(s) || awsPrincipals(s.principal).length === 0 || requiresMfa(s)) continue;
        out.push({
          urn: role.urn,
          message: `Admin role "${role.name}" trust policy ${statementLabel(s)} does not require MFA: add Condition { Bool: { "aws:MultiFactorAuthPresent": "true" } }.`,
        });
      }
    }
    return out;
  },
});
