import { type Context, evaluateCondition } from "./conditions";
import { actionMatches, resourceMatches } from "./match";
import {
  type PolicyDocument,
  type PolicyKind,
  type PrincipalSpec,
  type Request,
  type RequestPrincipal,
  type Statement,
  statementLabel,
  type Tri,
} from "./types";

/**
 * Whether one statement applies to a request, three-valued. A resource-type policy can name the
 * caller itself ("direct") or only its account ("account"): the difference matters for KMS key
 * policies and role trust policies, where naming the account only delegates to the account's IAM
 * policies, and for cross-account calls.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
 */

export const and = (...xs: Tri[]): Tri =>
  xs.includes("no") ? "no" : xs.includes("unknown") ? "unknown" : "yes";
export const or = (...xs: Tri[]): Tri =>
  xs.includes("yes") ? "yes" : xs.includes("unknown") ? "unknown" : "no";

export type Via = "direct" | "account";

interface PrincipalMatch {
  readonly result: Tri;
  readonly via: Via;
}

const ROOT = /^arn:aws[\w-]*:iam::(\d{12}):root$/;
const ROLE = /^arn:(aws[\w-]*):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;

/** `Principal` against the caller. A role ARN also names that role's assumed-role sessions. */
export function principalMatches(spec: PrincipalSpec, p: RequestPrincipal): PrincipalMatch {
  if (spec.any) return { result: "yes", via: "direct" };
  let unknown = false;
  let account = false;
  if (p.type === "aws") {
    for (const e of spec.aws) {
      if (e === p.arn) return { result: "yes", via: "direct" };
      const acct = /^\d{12}$/.test(e) ? e : ROOT.exec(e)?.[1];
      if (acct !== undefined) {
        if (acct === p.account) account = true;
        continue;
      }
      const role = ROLE.exec(e);
      if (role && p.arn.startsWith(`arn:${role[1]}:sts::${role[2]}:assumed-role/${role[3]}/`)) {
        return { result: "yes", via: "direct" };
      }
      // AWS allows no wildcard in a principal ARN but "*"; anything else we cannot interpret.
      if (e.includes("*") || e.includes("?")) unknown = true;
    }
  }
  if (p.type === "service" && spec.service.some((s) => s.toLowerCase() === p.service.toLowerCase())) {
    return { result: "yes", via: "direct" };
  }
  if (p.type === "federated" && spec.federated.includes(p.provider)) return { result: "yes", via: "direct" };
  // A canonical user is an account seen by S3; we do not map them.
  if (spec.canonicalUser.length > 0) unknown = true;
  if (account) return { result: "yes", via: "account" };
  return { result: unknown ? "unknown" : "no", via: "direct" };
}

/**
 * `NotPrincipal`: everyone except the listed principals, matched exactly; AWS documents that a role ARN
 * here does not exclude the role's sessions (the session ARN must be listed).
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 */
function notPrincipalMatches(spec: PrincipalSpec, p: RequestPrincipal): Tri {
  if (spec.any) return "no";
  if (p.type === "aws" && spec.aws.includes(p.arn)) return "no";
  if (p.type === "service" && spec.service.some((s) => s.toLowerCase() === p.service.toLowerCase()))
    return "no";
  if (p.type === "federated" && spec.federated.includes(p.provider)) return "no";
  return "yes";
}

function listMatch(list: readonly string[], test: (p: string) => Tri): Tri {
  return or(...list.map(test));
}

export interface StatementMatch {
  readonly result: Tri;
  readonly via: Via;
  /** Why it did not match or could not be decided. */
  readonly detail?: string;
}

export function statementApplies(s: Statement, req: Request, ctx: Context, kind: PolicyKind): StatementMatch {
  const action = s.action
    ? listMatch(s.action, (a) => (actionMatches(a, req.action) ? "yes" : "no"))
    : s.notAction
      ? listMatch(s.notAction, (a) => (actionMatches(a, req.action) ? "yes" : "no")) === "yes"
        ? "no"
        : "yes"
      : "unknown";
  if (action === "no") return { result: "no", via: "direct", detail: "action" };
  let resource: Tri;
  if (s.resource) resource = listMatch(s.resource, (r) => resourceMatches(r, req.resource));
  else if (s.notResource) {
    const m = listMatch(s.notResource, (r) => resourceMatches(r, req.resource));
    resource = m === "yes" ? "no" : m === "no" ? "yes" : "unknown";
  } else resource = kind === "trust" ? "yes" : "unknown";
  if (resource === "no") return { result: "no", via: "direct", detail: "resource" };
  let principal: PrincipalMatch = { result: "yes", via: "direct" };
  if (s.principal) principal = principalMatches(s.principal, req.principal);
  else if (s.notPrincipal)
    principal = { result: notPrincipalMatches(s.notPrincipal, req.principal), via: "direct" };
  if (principal.result === "no") return { result: "no", via: "direct", detail: "principal" };
  const condition = evaluateCondition(s.condition, ctx);
  if (condition.result === "no")
    return { result: "no", via: principal.via, detail: `condition ${condition.detail}` };
  const result = and(action, resource, principal.result, condition.result);
  return {
    result,
    via: principal.via,
    detail: result === "unknown" ? (condition.detail ?? "element") : undefined,
  };
}

/** What one document says about a request. */
export interface DocumentOutcome {
  readonly deny: Tri;
  readonly allowDirect: Tri;
  readonly allowAccount: Tri;
  /** Labels of the statements that decided: the denying ones, else the allowing ones. */
  readonly statements: string[];
  readonly unknown: string[];
}

export function evaluateDocument(
  doc: PolicyDocument,
  req: Request,
  ctx: Context,
  kind: PolicyKind,
  complete = true,
): DocumentOutcome {
  const deny: string[] = [];
  const direct: string[] = [];
  const account: string[] = [];
  const unknown: string[] = [];
  let denyUnknown = !complete;
  let directUnknown = false;
  let accountUnknown = false;
  if (!complete) unknown.push("the document has statements the parser could not read");
  for (const s of doc.statements) {
    const m = statementApplies(s, req, ctx, kind);
    if (m.result === "no") continue;
    const label = statementLabel(s);
    if (m.result === "unknown") unknown.push(`${label}: ${m.detail ?? "cannot decide"}`);
    if (s.effect === "Deny") {
      if (m.result === "yes") deny.push(label);
      else denyUnknown = true;
    } else if (m.via === "direct") {
      if (m.result === "yes") direct.push(label);
      else directUnknown = true;
    } else if (m.result === "yes") account.push(label);
    else accountUnknown = true;
  }
  const tri = (hits: string[], maybe: boolean): Tri => (hits.length > 0 ? "yes" : maybe ? "unknown" : "no");
  return {
    deny: tri(deny, denyUnknown),
    allowDirect: tri(direct, directUnknown),
    allowAccount: tri(account, accountUnknown),
    statements: deny.length > 0 ? deny : [...direct, ...account],
    unknown,
  };
}
