import type { PolicyResource } from "@pulumi/policy";
import {
  awsPrincipals,
  isAllow,
  parsePolicyDocument,
  requiresMfa,
  statementLabel,
  type Statement,
} from "../../lib/iam";
import { grantsEverything, isAdministratorAccessArn } from "../../lib/iamAdmin";
import { stackPolicy, type StackViolation } from "../../lib/policy";
import { refersTo, stringsOf } from "../../lib/refs";
import { allowsAnyOf, FEDERATED_ASSUME_ACTIONS, federatedPrincipals, pinsKey } from "../../lib/trust";
import { seen, UNSEEN } from "../../lib/unknown";
import { asList, asObject, tagValue } from "../../lib/values";

const ROLE = "aws:iam/role:Role";
const ROLE_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const POLICY_ATTACHMENT = "aws:iam/policyAttachment:PolicyAttachment";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const POLICY = "aws:iam/policy:Policy";

function isAdminArn(arn: string, extra: readonly string[]): boolean {
  return isAdministratorAccessArn(arn) || extra.includes(arn);
}

/**
 * Whether a federated statement requires the identity provider's MFA assertion: the session tag `tag`
 * compared positively with "true", as `aws:RequestTag/<tag>` (the tag the IdP passes with
 * AssumeRoleWithSAML / AssumeRoleWithWebIdentity) or `aws:PrincipalTag/<tag>`.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
 */
function requiresMfaTag(s: Statement, tag: string): boolean {
  const isTrue = (v: unknown) => typeof v === "string" && v.trim().toLowerCase() === "true";
  return ["aws:RequestTag/", "aws:PrincipalTag/"].some((k) =>
    pinsKey(s.condition, `${k}${tag}`, isTrue, ["bool"]),
  );
}

/** Whether a role's inline policies (`inlinePolicies`) grant every action on every resource. */
function inlineAdmin(role: PolicyResource): boolean {
  const inline = seen(() => ("inlinePolicies" in role.props ? asList(role.props.inlinePolicies) : []));
  if (inline === UNSEEN) return false;
  return inline.some((p) => {
    const doc = seen(() => asObject(p)?.policy);
    return doc !== UNSEEN && grantsEverything(doc);
  });
}

/**
 * A role is an admin role when it is tagged `rampart:role=admin`, lists AdministratorAccess (or a
 * configured ARN) in `managedPolicyArns`, has it attached by a `RolePolicyAttachment` or
 * `PolicyAttachment` (separate resources, hence a stack policy), or is granted every action on every
 * resource by an inline policy (`inlinePolicies`, a `RolePolicy`) or by a policy of the same stack
 * attached to it. Every statement of its trust policy that lets IAM principals (`Principal.AWS`) assume
 * it must require MFA. Federated sessions never carry `aws:MultiFactorAuthPresent` (the IdP does the
 * MFA), so a statement that lets a federated provider assume it must instead require the session tag the
 * IdP sets after MFA (`mfaSessionTag`, "rampart-mfa" by default) to be "true". Service principals cannot
 * present MFA and are not judged here.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_adding-assume-role-idp
 */
export const iamRoleRequireMfaForAdmin = stackPolicy({
  name: "aws-iam-role-require-mfa-for-admin",
  description:
    "Administrator roles (AdministratorAccess or a *:* policy attached or inline, or tagged " +
    "rampart:role=admin) must require MFA in their trust policy: aws:MultiFactorAuthPresent for IAM " +
    "principals, the identity provider's MFA session tag (aws:RequestTag/<mfaSessionTag> = true) for " +
    "federated ones, so a leaked password, access key or IdP session alone cannot become full control of " +
    "the account (extends CIS AWS Foundations 1.10, MFA for console users, to the roles administrators assume).",
  catalog: ["CIS AWS 1.10", "AVD-AWS-0123"],
  remediation:
    'Add Condition { Bool: { "aws:MultiFactorAuthPresent": "true" } } to the admin role\'s trust statements for IAM principals, and aws:RequestTag/<mfaSessionTag> = "true" for federated ones.',
  types: [ROLE, ROLE_ATTACHMENT, POLICY_ATTACHMENT, ROLE_POLICY, POLICY],
  configSchema: {
    properties: {
      adminPolicyArns: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Further policy ARNs that make a role an admin role (AdministratorAccess always does).",
      },
      mfaSessionTag: {
        type: "string",
        default: "rampart-mfa",
        description:
          'The session tag the identity provider sets to "true" after MFA (AccessControl\'s mfaSessionTag).',
      },
    },
  },
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    const extra: string[] = Array.isArray(ctx.config.adminPolicyArns) ? ctx.config.adminPolicyArns : [];
    const tag =
      typeof ctx.config.mfaSessionTag === "string" && ctx.config.mfaSessionTag.trim() !== ""
        ? ctx.config.mfaSessionTag.trim()
        : "rampart-mfa";
    const attachments = ctx.ofType(ROLE_ATTACHMENT, POLICY_ATTACHMENT);
    const rolePolicies = ctx.ofType(ROLE_POLICY);
    // Policies of this stack that grant everything: attaching one makes an admin role like AdministratorAccess.
    const adminPolicies = ctx.ofType(POLICY).filter((p) => {
      const doc = seen(() => ("policy" in p.props ? p.props.policy : undefined));
      return doc !== UNSEEN && grantsEverything(doc);
    });
    const attachesAdmin = (att: PolicyResource): boolean => {
      const arn = seen(() => ("policyArn" in att.props ? att.props.policyArn : undefined));
      if (typeof arn === "string" && isAdminArn(arn, extra)) return true;
      return adminPolicies.some((p) => refersTo(att, "policyArn", p, ["arn", "id"]) === true);
    };
    const isAdmin = (role: PolicyResource): boolean => {
      if (seen(() => tagValue(role.props, "rampart:role")) === "admin") return true;
      const managed = stringsOf(role, "managedPolicyArns");
      if (managed !== UNSEEN && managed.some((a) => isAdminArn(a, extra))) return true;
      if (inlineAdmin(role)) return true;
      if (
        rolePolicies.some((rp) => {
          const doc = seen(() => ("policy" in rp.props ? rp.props.policy : undefined));
          return (
            doc !== UNSEEN && grantsEverything(doc) && refersTo(rp, "role", role, ["name", "id"]) === true
          );
        })
      )
        return true;
      return attachments.some((att) => {
        if (!attachesAdmin(att)) return false;
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
        if (!isAllow(s) || requiresMfa(s)) continue;
        if (awsPrincipals(s.principal).length > 0)
          out.push({
            urn: role.urn,
            message: `Admin role "${role.name}" trust policy ${statementLabel(s)} does not require MFA: add Condition { Bool: { "aws:MultiFactorAuthPresent": "true" } }.`,
          });
        else if (
          federatedPrincipals(s.principal).length > 0 &&
          allowsAnyOf(s, FEDERATED_ASSUME_ACTIONS) &&
          !requiresMfaTag(s, tag)
        )
          out.push({
            urn: role.urn,
            message:
              `Admin role "${role.name}" trust policy ${statementLabel(s)} lets a federated identity provider assume it ` +
              `without its MFA assertion: add Condition { StringEquals: { "aws:RequestTag/${tag}": "true" } } ` +
              `(the IdP sets the session tag ${tag} after MFA) and allow sts:TagSession.`,
          });
      }
    }
    return out;
  },
});
