import { isWorldCidr } from "./network";
import { asList, asObject, listOfStrings } from "./values";

/**
 * IAM policy documents as the AWS provider accepts them: a JSON string or an object (Pulumi's
 * `PolicyDocument` input), `Statement` as one object or a list, `Action`/`Resource`/`Principal` as a
 * string or a list. Normalised once here so every policy reads the same shape.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */

export interface Statement {
  readonly index: number;
  readonly sid?: string;
  readonly effect: string;
  readonly actions: string[];
  readonly notActions: string[];
  readonly resources: string[];
  readonly notResources: string[];
  readonly principal: unknown;
  readonly notPrincipal: unknown;
  readonly condition: Record<string, any> | undefined;
  readonly hasCondition: boolean;
}

/**
 * The statements of a policy document, or undefined when it is not a readable document (a string that is
 * not JSON, a number...). Values unknown during preview are read through the SDK's proxy and throw its
 * own error, as they should.
 */
export function parsePolicyDocument(doc: unknown): Statement[] | undefined {
  let parsed: unknown = doc;
  if (typeof doc === "string") {
    try {
      parsed = JSON.parse(doc);
    } catch {
      return undefined;
    }
  }
  const obj = asObject(parsed);
  if (!obj) return undefined;
  return asList(obj.Statement).flatMap((raw, index) => {
    const s = asObject(raw);
    if (!s) return [];
    const condition = asObject(s.Condition);
    return [
      {
        index,
        sid: typeof s.Sid === "string" ? s.Sid : undefined,
        effect: typeof s.Effect === "string" ? s.Effect : "",
        actions: listOfStrings(s.Action),
        notActions: listOfStrings(s.NotAction),
        resources: listOfStrings(s.Resource),
        notResources: listOfStrings(s.NotResource),
        principal: s.Principal,
        notPrincipal: s.NotPrincipal,
        condition,
        hasCondition: condition !== undefined && Object.keys(condition).length > 0,
      },
    ];
  });
}

/**
 * A non-empty string that is not a JSON object: AWS refuses such a document, and no policy can read its
 * statements, so the policies that judge documents report it by the property's name rather than pass it.
 * An empty string reads as no document (nothing granted), as before.
 */
export function isMalformedDocument(doc: unknown): boolean {
  if (typeof doc !== "string" || doc.trim() === "") return false;
  return parsePolicyDocument(doc) === undefined;
}

/** `Sid "x"` or `Statement[2]`, for messages. */
export function statementLabel(s: Pick<Statement, "sid" | "index">): string {
  return s.sid ? `statement "${s.sid}"` : `statement ${s.index}`;
}

export function isAllow(s: Statement): boolean {
  return s.effect.toLowerCase() === "allow";
}

/** `*`, `*:*` and `service:*`-style patterns that match every action of every service. */
export function isWildcardAction(action: string): boolean {
  const a = action.trim();
  return a === "*" || a === "*:*";
}

/** The principal matches anyone: `"*"`, `{ AWS: "*" }` or a list containing `"*"`. */
export function isWildcardPrincipal(principal: unknown): boolean {
  if (principal === "*") return true;
  const obj = asObject(principal);
  if (!obj) return false;
  return "AWS" in obj && listOfStrings(obj.AWS).some((p) => p.trim() === "*");
}

/** The AWS-account principals (`Principal.AWS`) of a statement: users, roles, accounts. */
export function awsPrincipals(principal: unknown): string[] {
  if (principal === "*") return ["*"];
  const obj = asObject(principal);
  return obj && "AWS" in obj ? listOfStrings(obj.AWS) : [];
}

/**
 * Whether the statement's condition requires MFA: `Bool`/`aws:MultiFactorAuthPresent` "true", or a
 * `NumericLessThan(Equals)` on `aws:MultiFactorAuthAge`. `BoolIfExists` does not count: it passes when the
 * key is absent, which is exactly the long-term-credential case MFA should stop.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
 */
export function requiresMfa(s: Statement): boolean {
  const c = s.condition;
  if (!c) return false;
  const findKey = (block: unknown, key: string): unknown => {
    const o = asObject(block);
    if (!o) return undefined;
    const hit = Object.keys(o).find((k) => k.toLowerCase() === key.toLowerCase());
    return hit === undefined ? undefined : o[hit];
  };
  const present = asList(findKey(c.Bool, "aws:MultiFactorAuthPresent"));
  if (present.length > 0 && present.every((v) => v === true || String(v).toLowerCase() === "true"))
    return true;
  for (const op of ["NumericLessThan", "NumericLessThanEquals"]) {
    if (findKey(c[op], "aws:MultiFactorAuthAge") !== undefined) return true;
  }
  return false;
}

/**
 * Condition keys that, compared positively with a concrete value, narrow a wildcard principal to a known
 * network, account, organization or calling resource: the documented ways to share a resource policy with
 * "*" safely. `aws:SourceOwner` is SNS's older spelling of `aws:SourceAccount` (AWS's default topic
 * policy uses it); `aws:PrincipalArn` and `aws:PrincipalOrgPaths` name principals as precisely as
 * `aws:PrincipalAccount`/`aws:PrincipalOrgID` do.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
 */
export const PRINCIPAL_RESTRICTING_KEYS = [
  "aws:sourcevpce",
  "aws:sourcevpc",
  "aws:principalaccount",
  "aws:principalorgid",
  "aws:principalorgpaths",
  "aws:principalarn",
  "aws:sourceaccount",
  "aws:sourceowner",
  "aws:sourcearn",
  "aws:sourceip",
] as const;

/**
 * Operators that restrict: positive string, ARN and IP comparisons, optionally `ForAnyValue:`. Negated
 * operators (`StringNotEquals`...) allow everyone but a few, `...IfExists` passes when the key is absent,
 * `ForAllValues:` passes on an empty set and `Null` only tests presence: none of them restricts.
 */
const RESTRICTING_OPERATORS = new Set([
  "stringequals",
  "stringequalsignorecase",
  "stringlike",
  "arnequals",
  "arnlike",
  "ipaddress",
]);

/** A condition value that pins something down: not only wildcards, and for aws:SourceIp not 0.0.0.0/0 or ::/0. */
function isConcrete(key: string, value: unknown): boolean {
  if (typeof value !== "string") return false;
  const v = value.trim();
  if (v === "" || /^[*?]+$/.test(v)) return false;
  return key !== "aws:sourceip" || !isWorldCidr(v);
}

/**
 * Whether a statement's condition limits who can use it: some restricting operator compares one of
 * `PRINCIPAL_RESTRICTING_KEYS` with concrete values only. Condition keys are case-insensitive; the
 * operators are matched case-insensitively too, as a typo there is not a restriction we can credit.
 */
export function restrictsPrincipal(condition: Record<string, any> | undefined): boolean {
  if (!condition) return false;
  return Object.keys(condition).some((rawOp) => {
    const op = rawOp.toLowerCase().replace(/^foranyvalue:/, "");
    if (!RESTRICTING_OPERATORS.has(op)) return false;
    const block = asObject(condition[rawOp]);
    if (!block) return false;
    return Object.keys(block).some((rawKey) => {
      const key = rawKey.toLowerCase();
      if (!(PRINCIPAL_RESTRICTING_KEYS as readonly string[]).includes(key)) return false;
      const values = asList(block[rawKey]);
      return values.length > 0 && values.every((v) => isConcrete(key, v));
    });
  });
}

/** Where a resource policy's statement sits, for messages (`statementLabel`). */
export interface StatementRef {
  readonly index: number;
  readonly sid?: string;
}

/**
 * The statements of a resource policy (bucket, queue, topic, repository) that make the resource public:
 * `Allow` to `"*"` or `{ AWS: "*" }` with no condition that restricts the caller (`restrictsPrincipal`).
 * Reads only `Sid`, `Effect`, `Principal` and `Condition`, lazily, so an `Action` or `Resource` unknown
 * during preview does not stop the check; an unknown principal or condition does (the SDK's advisory note).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
 */
export function publicStatements(doc: unknown): StatementRef[] {
  let parsed: unknown = doc;
  if (typeof doc === "string") {
    try {
      parsed = JSON.parse(doc);
    } catch {
      return [];
    }
  }
  const obj = asObject(parsed);
  if (!obj || !("Statement" in obj)) return [];
  return asList(obj.Statement).flatMap((raw, index) => {
    const s = asObject(raw);
    if (!s || !("Effect" in s) || typeof s.Effect !== "string" || s.Effect.toLowerCase() !== "allow")
      return [];
    if (!("Principal" in s) || !isWildcardPrincipal(s.Principal)) return [];
    if ("Condition" in s && restrictsPrincipal(asObject(s.Condition))) return [];
    const sid = "Sid" in s && typeof s.Sid === "string" ? s.Sid : undefined;
    return [{ index, sid }];
  });
}

/**
 * The violation messages for a resource policy document that makes its resource public, e.g.
 * `publicPolicyViolations(props.policy, "Queue policy")`.
 */
export function publicPolicyViolations(doc: unknown, noun: string): string[] {
  return publicStatements(doc).map(
    (s) =>
      `${noun} ${statementLabel(s)} allows any principal ("*") without a condition that restricts it: ` +
      "name the principals, or add a condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceVpce, " +
      "aws:SourceArn or a similar key.",
  );
}

/**
 * The identity-policy documents a resource carries, each with the label a message names it by: the
 * `policy` of a policy or inline-policy resource ("Policy "), every `inlinePolicies[i]` of a role
 * (`inlinePolicies[0] ("name") `). Reads only what is there (`in`), so an unknown elsewhere is not read.
 */
export function identityDocuments(
  props: Record<string, any>,
  type: string,
): { doc: unknown; label: string }[] {
  if (type !== "aws:iam/role:Role") return "policy" in props ? [{ doc: props.policy, label: "Policy " }] : [];
  if (!("inlinePolicies" in props)) return [];
  return asList(props.inlinePolicies).flatMap((p, i) => {
    const inline = asObject(p);
    if (!inline || !("policy" in inline)) return [];
    const label =
      typeof inline.name === "string" ? `inlinePolicies[${i}] ("${inline.name}") ` : `inlinePolicies[${i}] `;
    return [{ doc: inline.policy, label }];
  });
}
