import {
  identityDocuments,
  isAllow,
  isWildcardAction,
  parsePolicyDocument,
  statementLabel,
  type Statement,
} from "../../lib/iam";
import { resourcePolicy } from "../../lib/policy";
import { tagValue } from "../../lib/values";
import { BOUNDARY_TAG, BOUNDARY_USE } from "./iamBoundaryPolicyDisallowIdentityUse";

const POLICY = "aws:iam/policy:Policy";
const ROLE = "aws:iam/role:Role";

/** `iam:*` in any case (action names are case-insensitive), with stray spaces or repeated stars. */
function isFullIam(action: string): boolean {
  return /^iam:\*+$/i.test(action.trim());
}

function findings(doc: unknown, prefix: string): string[] {
  return (parsePolicyDocument(doc) ?? []).filter(isAllow).flatMap((s: Statement) => {
    // "*" is every action: aws-iam-policy-disallow-wildcard-admin's finding, not repeated here.
    if (s.actions.some(isWildcardAction) || !s.actions.some(isFullIam)) return [];
    return [
      `${prefix}${statementLabel(s)} allows every IAM action (iam:*): it can create users, keys and policies and attach them, which is administrator access; list the IAM actions it needs.`,
    ];
  });
}

/**
 * `iam:*` can write any policy and attach it to the caller, so it is administrator access by one more
 * step (Checkov CKV2_AWS_40). Action names are case-insensitive in IAM, so `IAM:*` is the same grant. A
 * managed policy tagged as a permissions boundary is a ceiling, not a grant, and is exempt as in
 * aws-iam-policy-disallow-wildcard-admin.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 */
export const iamPolicyDisallowFullIamAccess = resourcePolicy({
  name: "aws-iam-policy-disallow-full-iam-access",
  description:
    "IAM policies must not allow every IAM action (iam:*, in any case): whoever holds it can write a policy " +
    "granting anything and attach it to themselves, which is full administrator access by one step.",
  catalog: ["CKV2_AWS_40", "AVD-AWS-0057"],
  remediation:
    'Replace "iam:*" with the IAM actions the principal needs (e.g. iam:PassRole on named role ARNs).',
  types: [
    POLICY,
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
    ROLE,
  ],
  check: (props, ctx) => {
    if (ctx.type === POLICY && tagValue(props, BOUNDARY_TAG) === BOUNDARY_USE) return [];
    return identityDocuments(props, ctx.type).flatMap((d) => findings(d.doc, d.label));
  },
});
