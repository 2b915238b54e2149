import {
  awsPrincipals,
  isAllow,
  isWildcardPrincipal,
  parsePolicyDocument,
  type Statement,
  statementLabel,
} from "../../lib/iam";
import { resourcePolicy } from "../../lib/policy";
import { asObject, listOfStrings } from "../../lib/values";

const REPOSITORY_POLICY = "aws:ecr/repositoryPolicy:RepositoryPolicy";
/** Repositories ECR creates on a first pull through a cache rule (or replication) take this policy. */
const CREATION_TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate";

/** `aws:PrincipalAccount` / `aws:PrincipalOrgID` values a statement's condition compares with `op`. */
function boundaryValues(s: Statement, op: "stringnotequals" | "stringequals") {
  const out = { accounts: [] as string[], orgs: [] as string[] };
  for (const [rawOp, block] of Object.entries(s.condition ?? {})) {
    if (rawOp.toLowerCase() !== op) continue;
    for (const [rawKey, v] of Object.entries(asObject(block) ?? {})) {
      const key = rawKey.toLowerCase();
      if (key === "aws:principalaccount") out.accounts.push(...listOfStrings(v));
      if (key === "aws:principalorgid") out.orgs.push(...listOfStrings(v));
    }
  }
  return out;
}

/** A Deny of every ECR action (or every action) to anyone outside the named account or organisation. */
function isBoundary(s: Statement): boolean {
  if (s.effect.toLowerCase() !== "deny" || !isWildcardPrincipal(s.principal)) return false;
  if (!s.actions.some((a) => a === "*" || a.toLowerCase() === "ecr:*")) return false;
  const b = boundaryValues(s, "stringnotequals");
  return b.accounts.length > 0 || b.orgs.length > 0;
}

const accountOf = (principal: string): string | undefined =>
  /^\d{12}$/.test(principal) ? principal : /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1];

/** Messages for one repository policy document (`noun` says where it sits). */
export function accountBoundaryViolations(doc: unknown, noun: string): string[] {
  const statements = parsePolicyDocument(doc);
  if (!statements) return [];
  const boundaries = statements.filter(isBoundary);
  if (boundaries.length === 0)
    return [
      `${noun} has no account boundary: add a statement denying "ecr:*" to Principal "*" under ` +
        'StringNotEquals { "aws:PrincipalAccount": "<this account>" } (and "aws:PrincipalOrgID" to share with the organisation).',
    ];
  const ours = new Set(boundaries.flatMap((s) => boundaryValues(s, "stringnotequals").accounts));
  const out: string[] = [];
  for (const s of statements.filter(isAllow)) {
    const orgLimited = boundaryValues(s, "stringequals").orgs.length > 0;
    if (orgLimited) continue;
    const foreign = awsPrincipals(s.principal)
      .map(accountOf)
      .filter((a): a is string => a !== undefined && !ours.has(a));
    if (foreign.length > 0)
      out.push(
        `${noun} ${statementLabel(s)} allows account ${[...new Set(foreign)].join(", ")} outside its boundary: ` +
          "grant only this account, or the organisation with a condition on aws:PrincipalOrgID.",
      );
  }
  return out;
}

/**
 * A repository policy decides who outside the account may reach the images. Ours grants pulls to this
 * account (or organisation) and denies everything to anyone else, so an image cannot be read or
 * replaced from another account whatever identity or registry policy says there. Checked on the policy
 * resource and on repository creation templates (the policy of repositories a pull-through cache
 * creates). A `"*"` Allow without a condition is `aws-ecr-repository-disallow-public-principal`'s.
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalaccount
 */
export const ecrRepositoryPolicyRequireAccountBoundary = resourcePolicy({
  name: "aws-ecr-repositorypolicy-require-account-boundary",
  description:
    "ECR repository policies (and repository creation templates' policies) must deny every ECR action to " +
    "principals outside this account or organisation, and allow no other account: an inference image " +
    "readable or writable from a foreign account leaks the model or lets it be replaced.",
  catalog: ["CKV_AWS_32", "AVD-AWS-0032", "CIS EKS 5.1.2"],
  remediation:
    'Add a statement denying "ecr:*" to Principal "*" under StringNotEquals { "aws:PrincipalAccount": "<this account>" }, and allow no foreign account.',
  types: [REPOSITORY_POLICY, CREATION_TEMPLATE],
  check: (props, ctx) => {
    if (ctx.type === REPOSITORY_POLICY) {
      if (!("policy" in props)) return;
      return accountBoundaryViolations(props.policy, "Repository policy");
    }
    if (!("repositoryPolicy" in props)) return;
    return accountBoundaryViolations(props.repositoryPolicy, "Repository creation template policy");
  },
});
