import { isWildcardAction, type Statement } from "./iam";
import { asList, asObject, isUnknown, listOfStrings } from "./values";

/**
 * Reading role trust policies: who is trusted (`Principal.Federated`), for which STS action, and what the
 * condition proves about the caller (an audience, a subject, an MFA session tag). Shared by the IAM trust
 * policies (federated audience, MFA for administrators).
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html
 */

/** One comparison of a condition block: `StringEquals: { "SAML:aud": [...] }` gives one per key. */
export interface ConditionTest {
  /** The operator as written, lower-cased, without a `ForAnyValue:` prefix. */
  readonly operator: string;
  /** True when the operator carried the `ForAnyValue:` set prefix. */
  readonly forAnyValue: boolean;
  /** The condition key, lower-cased (condition keys are case-insensitive). */
  readonly key: string;
  readonly values: unknown[];
}

/** Every comparison of a statement's condition, flattened. */
export function conditionTests(condition: Record<string, any> | undefined): ConditionTest[] {
  if (!condition) return [];
  return Object.keys(condition).flatMap((rawOp) => {
    const lowered = rawOp.toLowerCase();
    const forAnyValue = lowered.startsWith("foranyvalue:");
    const operator = lowered.replace(/^foranyvalue:/, "");
    const block = asObject(condition[rawOp]);
    if (!block) return [];
    return Object.keys(block).map((k) => ({
      operator,
      forAnyValue,
      key: k.toLowerCase(),
      values: asList(block[k]),
    }));
  });
}

/**
 * Positive string comparisons: they pass only when the key is present and matches. Negated operators,
 * `...IfExists` (passes when the key is absent), `ForAllValues:` (passes on an empty set) and `Null` do
 * not pin a value down.
 */
const POSITIVE_STRING_OPERATORS = new Set(["stringequals", "stringequalsignorecase", "stringlike"]);

/** A value that pins something down: a non-empty string that is not only wildcards. */
export function isConcreteValue(v: unknown): boolean {
  return typeof v === "string" && v.trim() !== "" && !/^[*?]+$/.test(v.trim());
}

/**
 * Whether the condition compares `key` (case-insensitive) positively, with concrete values only (at
 * least one). `extraOperators` admits further operators (e.g. `bool` for a "true" tag).
 */
export function pinsKey(
  condition: Record<string, any> | undefined,
  key: string,
  accept: (v: unknown) => boolean = isConcreteValue,
  extraOperators: readonly string[] = [],
): boolean {
  const k = key.toLowerCase();
  return conditionTests(condition).some(
    (t) =>
      t.key === k &&
      (POSITIVE_STRING_OPERATORS.has(t.operator) || extraOperators.includes(t.operator)) &&
      t.values.length > 0 &&
      t.values.every(accept),
  );
}

/** The `Principal.Federated` entries of a statement (provider ARNs or well-known IdP hosts). */
export function federatedPrincipals(principal: unknown): string[] {
  const obj = asObject(principal);
  return obj && "Federated" in obj ? listOfStrings(obj.Federated) : [];
}

/** The STS actions by which a federated principal takes a role. */
export const FEDERATED_ASSUME_ACTIONS = ["sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"];

function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(
    "^" +
      pattern
        .trim()
        .split("")
        .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
        .join("") +
      "$",
    "i",
  );
  return re.test(action);
}

/**
 * Whether an Allow statement lets its principal take the role by one of `actions`: an action pattern
 * (`sts:AssumeRoleWith*`, `sts:*`, `*`) matches, or `NotAction` does not exclude it.
 */
export function allowsAnyOf(s: Statement, actions: readonly string[]): boolean {
  if (s.actions.some(isWildcardAction)) return true;
  if (s.actions.some((p) => actions.some((a) => actionMatches(p, a)))) return true;
  return s.notActions.length > 0 && actions.some((a) => !s.notActions.some((p) => actionMatches(p, a)));
}

/** A federated principal, read: a SAML provider, an OIDC provider (by host), or unknown. */
export type FederatedIdp =
  | { readonly kind: "saml"; readonly arn: string }
  | { readonly kind: "oidc"; readonly host: string; readonly arn: string };

/**
 * `arn:aws:iam::<account>:saml-provider/<name>` is SAML; `arn:aws:iam::<account>:oidc-provider/<host>`
 * is OIDC keyed by its host (and path); a bare host (`cognito-identity.amazonaws.com`,
 * `accounts.google.com`) is an OIDC provider AWS knows without an ARN.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-federated-users
 */
export function readFederated(value: string): FederatedIdp | undefined {
  const v = value.trim();
  // An ARN interpolated from an output unknown during preview: not guessed at.
  if (v === "" || isUnknown(v)) return undefined;
  const saml = /^arn:aws[a-z-]*:iam::[0-9]*:saml-provider\/.+$/i.exec(v);
  if (saml) return { kind: "saml", arn: v };
  const oidc = /^arn:aws[a-z-]*:iam::[0-9]*:oidc-provider\/(.+)$/i.exec(v);
  if (oidc) return { kind: "oidc", host: oidc[1] as string, arn: v };
  if (!v.startsWith("arn:") && /^[a-z0-9.-]+(\/[^\s]*)?$/i.test(v)) return { kind: "oidc", host: v, arn: v };
  return undefined;
}

/**
 * Issuers whose tokens many unrelated parties can obtain: every pod of an EKS cluster (IRSA), every
 * GitHub repository (Actions). Their audience is the same for all (`sts.amazonaws.com`), so only the
 * subject (`<host>:sub`) tells who is calling.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 * @see https://docs.github.com/en/actions/how-tos/secure-your-work/security-harden-deployments/oidc-in-aws
 */
export function isSharedIssuer(host: string): boolean {
  const h = host.toLowerCase();
  return (
    /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\/[^/]+$/.test(h) ||
    h === "token.actions.githubusercontent.com"
  );
}
