import { toContext } from "./conditions";
import type { ManagedPolicy } from "./managed";
import { arnAccount } from "./match";
import { and, type DocumentOutcome, evaluateDocument, or } from "./statement";
import type { Decision, PolicyKind, Request, SourcedPolicy, Tri } from "./types";

/**
 * The pure evaluator: one request against the policies that apply to it, combined the way AWS does.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/determining-access.html
 * @see https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
 *
 * - An explicit Deny in any applicable policy wins; without any Allow the request is implicitly denied.
 * - Same account: an Allow in the identity policies or one naming the caller in the resource policy is
 *   enough. Cross-account: both must allow (the resource policy may name the caller's account).
 * - A KMS key policy and a role trust policy must allow the caller themselves: naming the account only
 *   delegates to the caller's identity policies, which must then allow too.
 * - A service principal and an anonymous caller are decided by the resource policy alone.
 * - A call through a VPC endpoint must also be allowed by the endpoint policy.
 * - A role's permissions boundary: its explicit Deny wins; without its Allow, neither the identity
 *   policies nor a resource policy naming the role grant (a resource policy naming one exact session
 *   ARN would, but our sessions are never named so; the evaluator treats every grant as to the role).
 * SCPs, session policies and KMS grants are not in a stack export and not considered. Whatever cannot
 * be decided (unsupported grammar, unknown policies) answers "undecidable".
 */

/** The caller's identity policies, or why they are not in the export. */
export type IdentityPolicies =
  | {
      readonly mode: "export";
      readonly policies: readonly SourcedPolicy[];
      readonly complete?: ReadonlyMap<SourcedPolicy, boolean>;
      /** Managed policies attached by ARN; `undefined` entries are ones our table does not know. */
      readonly managed: readonly { readonly arn: string; readonly policy?: ManagedPolicy }[];
      /** The role's permissions boundary; without `policy` (not in the export) it cannot be decided. */
      readonly boundary?: { readonly arn: string; readonly policy?: SourcedPolicy };
    }
  /** Outside the export (another account, a deployer): assumed to allow, said so in the verdict. */
  | { readonly mode: "assume-allow"; readonly why: string }
  /** A same-account principal whose policies are not in the export. */
  | { readonly mode: "unknown"; readonly why: string }
  /** Service principals and anonymous callers have none. */
  | { readonly mode: "none" };

export type ResourceKind = "kms-key" | "role-trust" | "generic";

export interface Policies {
  readonly identity: IdentityPolicies;
  /** The resource's own policy; `"none"` if the resource is in the export without one. */
  readonly resource: SourcedPolicy | "none" | { readonly outside: string };
  readonly resourceKind: ResourceKind;
  /** The account that owns the resource, when the ARN does not say (S3 bucket ARNs). */
  readonly resourceAccount?: string;
  /** Endpoint policies of the VPC endpoints the call goes through. */
  readonly endpoints?: readonly SourcedPolicy[];
  /** Documents the parser could not fully read (their absent statements make them undecidable). */
  readonly incomplete?: ReadonlySet<SourcedPolicy>;
}

export interface PolicyVerdict {
  readonly role: "identity" | "boundary" | "resource" | "endpoint";
  /** `urn` + property, a managed policy ARN, or a note on why it is not in the export. */
  readonly source: string;
  readonly result: "allow" | "deny" | "no-match" | "undecidable" | "assumed-allow" | "delegates-to-identity";
  readonly statements: readonly string[];
  readonly detail?: string;
}

export interface Evaluation {
  readonly decision: Decision;
  readonly reason: string;
  readonly policies: readonly PolicyVerdict[];
}

const source = (p: SourcedPolicy) => `${p.urn} ${p.property}`;

function identityOutcome(
  id: IdentityPolicies,
  req: Request,
  ctx: ReturnType<typeof toContext>,
  incomplete: ReadonlySet<SourcedPolicy> | undefined,
  out: PolicyVerdict[],
): { allow: Tri; deny: Tri; denyBy: string[]; boundary: Tri } {
  if (id.mode === "none") return { allow: "no", deny: "no", denyBy: [], boundary: "yes" };
  if (id.mode === "assume-allow") {
    out.push({ role: "identity", source: id.why, result: "assumed-allow", statements: [] });
    return { allow: "yes", deny: "no", denyBy: [], boundary: "yes" };
  }
  if (id.mode === "unknown") {
    out.push({ role: "identity", source: id.why, result: "undecidable", statements: [] });
    // Whether it has a boundary is unknown too; as before boundaries were evaluated, it is not assumed.
    return { allow: "unknown", deny: "unknown", denyBy: [], boundary: "yes" };
  }
  const allows: Tri[] = [];
  const denies: Tri[] = [];
  const denyBy: string[] = [];
  for (const p of id.policies) {
    const o = evaluateDocument(p.document, req, ctx, "identity", !incomplete?.has(p));
    allows.push(or(o.allowDirect, o.allowAccount));
    denies.push(o.deny);
    if (o.deny === "yes") denyBy.push(...o.statements.map((s) => `${source(p)} ${s}`));
    out.push(verdictOf("identity", source(p), o));
  }
  const service = req.action.split(":")[0]!.toLowerCase();
  for (const m of id.managed) {
    if (!m.policy) {
      allows.push("unknown");
      out.push({
        role: "identity",
        source: m.arn,
        result: "undecidable",
        statements: [],
        detail: "not in our table",
      });
      continue;
    }
    const o = evaluateDocument(m.policy.allows, req, ctx, "identity");
    const known = or(o.allowDirect, o.allowAccount);
    const outOfScope = m.policy.onlyServices !== undefined && !m.policy.onlyServices.includes(service);
    const allow: Tri = known === "yes" ? "yes" : outOfScope ? "no" : "unknown";
    allows.push(allow);
    out.push({
      role: "identity",
      source: m.arn,
      result: allow === "yes" ? "allow" : allow === "no" ? "no-match" : "undecidable",
      statements: o.statements,
      detail: allow === "unknown" ? `our table lists part of it (${m.policy.url})` : undefined,
    });
  }
  const boundary = boundaryOutcome(id.boundary, req, ctx, incomplete, out);
  if (boundary.deny === "yes") denyBy.push(...boundary.denyBy);
  return {
    allow: and(or(...allows), boundary.allow),
    deny: or(...denies, boundary.deny),
    denyBy,
    boundary: boundary.allow,
  };
}

/**
 * The permissions boundary: the most a role may do. It grants nothing itself.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html#access_policies_boundaries-eval-logic
 */
function boundaryOutcome(
  boundary: { readonly arn: string; readonly policy?: SourcedPolicy } | undefined,
  req: Request,
  ctx: ReturnType<typeof toContext>,
  incomplete: ReadonlySet<SourcedPolicy> | undefined,
  out: PolicyVerdict[],
): { allow: Tri; deny: Tri; denyBy: string[] } {
  if (!boundary) return { allow: "yes", deny: "no", denyBy: [] };
  if (!boundary.policy) {
    out.push({
      role: "boundary",
      source: boundary.arn,
      result: "undecidable",
      statements: [],
      detail: "the permissions boundary is not in the export",
    });
    return { allow: "unknown", deny: "unknown", denyBy: [] };
  }
  const p = boundary.policy;
  const o = evaluateDocument(p.document, req, ctx, "identity", !incomplete?.has(p));
  out.push(verdictOf("boundary", `${source(p)} (permissions boundary)`, o));
  return {
    allow: or(o.allowDirect, o.allowAccount),
    deny: o.deny,
    denyBy: o.deny === "yes" ? o.statements.map((s) => `${source(p)} ${s} (permissions boundary)`) : [],
  };
}

function verdictOf(role: PolicyVerdict["role"], src: string, o: DocumentOutcome): PolicyVerdict {
  const allow = or(o.allowDirect, o.allowAccount);
  const result: PolicyVerdict["result"] =
    o.deny === "yes"
      ? "deny"
      : o.deny === "unknown" || allow === "unknown"
        ? "undecidable"
        : o.allowDirect === "yes" || role !== "resource"
          ? allow === "yes"
            ? "allow"
            : "no-match"
          : o.allowAccount === "yes"
            ? "delegates-to-identity"
            : "no-match";
  return { role, source: src, result, statements: o.statements, detail: o.unknown.join("; ") || undefined };
}

export function evaluate(request: Request, policies: Policies): Evaluation {
  const ctx = toContext(request.context);
  const out: PolicyVerdict[] = [];
  const incomplete = policies.incomplete;
  const id = identityOutcome(policies.identity, request, ctx, incomplete, out);
  const denies: Tri[] = [id.deny];
  const denyBy = [...id.denyBy];

  // The resource policy.
  let resDirect: Tri = "no";
  let resAccount: Tri = "no";
  const res = policies.resource;
  let resourceOutside: string | undefined;
  if (res === "none") {
    out.push({
      role: "resource",
      source: "the resource has no resource policy",
      result: "no-match",
      statements: [],
    });
  } else if ("outside" in res) {
    resourceOutside = res.outside;
  } else {
    const kind: PolicyKind = policies.resourceKind === "role-trust" ? "trust" : res.kind;
    const o = evaluateDocument(res.document, request, ctx, kind, !incomplete?.has(res));
    // A grant naming the role is limited by its boundary too; one naming its account delegates to the
    // identity policies, which already are.
    resDirect = and(o.allowDirect, id.boundary);
    resAccount = o.allowAccount;
    denies.push(o.deny);
    if (o.deny === "yes") denyBy.push(...o.statements.map((s) => `${source(res)} ${s}`));
    out.push(verdictOf("resource", source(res), o));
  }

  // Endpoint policies: every endpoint on the path must allow (any principal match counts).
  const endpointAllows: Tri[] = [];
  for (const e of policies.endpoints ?? []) {
    const o = evaluateDocument(e.document, request, ctx, "endpoint", !incomplete?.has(e));
    endpointAllows.push(or(o.allowDirect, o.allowAccount));
    denies.push(o.deny);
    if (o.deny === "yes") denyBy.push(...o.statements.map((s) => `${source(e)} ${s}`));
    out.push(verdictOf("endpoint", source(e), o));
  }

  if (denies.includes("yes")) {
    return { decision: "deny", reason: `explicit deny: ${denyBy.join(", ")}`, policies: out };
  }

  const p = request.principal;
  const resourceAccount =
    policies.resourceAccount ??
    arnAccount(request.resource) ??
    (typeof request.context["aws:ResourceAccount"] === "string"
      ? request.context["aws:ResourceAccount"]
      : undefined);
  const sameAccount: Tri =
    p.type !== "aws"
      ? "no"
      : resourceAccount === undefined
        ? "unknown"
        : p.account === resourceAccount
          ? "yes"
          : "no";

  let grant: Tri;
  let why: string;
  if (resourceOutside !== undefined && (p.type !== "aws" || policies.resourceKind !== "generic")) {
    out.push({ role: "resource", source: resourceOutside, result: "undecidable", statements: [] });
    grant = "unknown";
    why = `the resource policy is not in the export (${resourceOutside})`;
  } else if (p.type !== "aws") {
    grant = resDirect;
    why = "a service or anonymous caller is allowed only by the resource policy naming it";
  } else if (policies.resourceKind !== "generic") {
    // Key and trust policies must allow the caller; naming the account delegates to its IAM policies.
    const direct = and(resDirect, or(sameAccount, id.allow));
    grant = or(direct, and(resAccount, id.allow));
    why =
      policies.resourceKind === "kms-key"
        ? "the key policy must allow the caller, or allow its account and its IAM policies allow"
        : "the trust policy must allow the caller, or allow its account and its IAM policies allow";
  } else if (resourceOutside !== undefined) {
    // Another account's resource policy is not ours to check: assume it allows (the worst case for a
    // call that must be denied). In our own account it could grant on its own, so without an identity
    // allow we cannot say "deny".
    out.push({ role: "resource", source: resourceOutside, result: "assumed-allow", statements: [] });
    grant = sameAccount === "no" || id.allow === "yes" ? id.allow : "unknown";
    why = "identity policies decide (the resource policy is outside the export)";
  } else {
    const same = or(resDirect, id.allow);
    const cross = and(id.allow, or(resDirect, resAccount));
    grant = sameAccount === "yes" ? same : sameAccount === "no" ? cross : same === cross ? same : "unknown";
    why =
      sameAccount === "yes"
        ? "same account: the identity or the resource policy must allow"
        : "cross-account: both the identity and the resource policy must allow";
  }
  const endpoint = and(...endpointAllows);
  const allow = and(grant, endpoint);
  const deny = or(...denies);
  if (allow === "no") {
    const blame =
      grant === "no"
        ? why
        : "the VPC endpoint policy allows no statement for this call (the endpoint must also allow)";
    return { decision: "deny", reason: `implicit deny: ${blame}`, policies: out };
  }
  if (allow === "unknown" || deny === "unknown") {
    const unknowns = out
      .filter((v) => v.result === "undecidable")
      .map((v) => `${v.source}${v.detail ? `: ${v.detail}` : ""}`);
    return { decision: "undecidable", reason: `cannot decide: ${unknowns.join("; ") || why}`, policies: out };
  }
  return { decision: "allow", reason: why, policies: out };
}
