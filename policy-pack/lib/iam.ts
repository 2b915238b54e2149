import { asList, asObject } from "./values";

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

const strings = (v: unknown): string[] => asList(v).filter((x): x is string => typeof x === "string");

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
        actions: strings(s.Action),
        notActions: strings(s.NotAction),
        resources: strings(s.Resource),
        notResources: strings(s.NotResource),
        principal: s.Principal,
        notPrincipal: s.NotPrincipal,
        condition,
        hasCondition: condition !== undefined && Object.keys(condition).length > 0,
      },
    ];
  });
}

/** `Sid "x"` or `Statement[2]`, for messages. */
export function statementLabel(s: Statement): string {
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
  return "AWS" in obj && strings(obj.AWS).some((p) => p.trim() === "*");
}

/** The AWS-account principals (`Principal.AWS`) of a statement: users, roles, accounts. */
export function awsPrincipals(principal: unknown): string[] {
  if (principal === "*") return ["*"];
  const obj = asObject(principal);
  return obj && "AWS" in obj ? strings(obj.AWS) : [];
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
