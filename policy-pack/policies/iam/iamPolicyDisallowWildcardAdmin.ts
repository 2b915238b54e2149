import {
  identityDocuments,
  isAllow,
  isMalformedDocument,
  isWildcardAction,
  parsePolicyDocument,
  statementLabel,
  type Statement,
} from "../../lib/iam";
import { resourcePolicy } from "../../lib/policy";
import { tagValue } from "../../lib/values";
import { BOUNDARY_TAG, BOUNDARY_USE } from "./iamBoundaryPolicyDisallowIdentityUse";

const ROLE = "aws:iam/role:Role";

function wildcardFindings(doc: unknown, prefix: string): string[] {
  if (isMalformedDocument(doc))
    return [
      `${prefix}document is not valid JSON: fix it so its statements can be checked (AWS refuses it as it is).`,
    ];
  const statements = parsePolicyDocument(doc) ?? [];
  const onEverything = (s: Statement) => s.resources.some((r) => r.trim() === "*");
  return statements.filter(isAllow).flatMap((s) => {
    if (!onEverything(s)) return [];
    if (s.actions.some(isWildcardAction))
      return [
        `${prefix}${statementLabel(s)} allows every action ("*") on every resource ("*"): name the actions and resources it needs.`,
      ];
    if (s.notActions.length > 0)
      return [
        `${prefix}${statementLabel(s)} allows every action except ${s.notActions.length} (NotAction) on every resource ("*"): list the allowed actions instead.`,
      ];
    return [];
  });
}

/**
 * Documents arrive as JSON strings or objects; `Action` as a string or a list; `Allow` + `NotAction` on
 * `"*"` is treated like `"*"` (it grants everything not listed, including actions AWS adds later).
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
 */
export const iamPolicyDisallowWildcardAdmin = resourcePolicy({
  name: "aws-iam-policy-disallow-wildcard-admin",
  description:
    'IAM policies must not allow every action on every resource (Action "*" or Allow+NotAction, with ' +
    'Resource "*"): that is full administrator access, and any credential holding it can disable every ' +
    "other control in the account. A managed policy tagged rampart:policy-use=permissions-boundary is a " +
    "ceiling, not a grant, and is exempt (aws-iam-boundary-policy-disallow-identity-use keeps it one).",
  catalog: ["CKV_AWS_62", "AVD-AWS-0057", "CIS AWS 1.16", "FSBP IAM.1"],
  remediation:
    'Replace Action "*" (or Allow with NotAction) on Resource "*" with the actions and resource ARNs the principal needs.',
  types: [
    "aws:iam/policy:Policy",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
    ROLE,
  ],
  check: (props, ctx) => {
    // A permissions boundary grants nothing by itself: it caps what identity policies grant, so its
    // "Allow *" is the ceiling, not a grant. The tag is kept honest by
    // aws-iam-boundary-policy-disallow-identity-use (a policy so tagged is never attached as one).
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
    if (ctx.type === "aws:iam/policy:Policy" && tagValue(props, BOUNDARY_TAG) === BOUNDARY_USE) return [];
    return identityDocuments(props, ctx.type).flatMap((d) => wildcardFindings(d.doc, d.label));
  },
});
