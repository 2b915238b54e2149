/**
 * Shared types of the IAM/KMS access evaluator. Everything in `cli/verify/iam/` is pure: it reads the
 * resources of a `pulumi stack export` and never touches the network.
 */

/**
 * The part of an export resource this library reads. Both `cli/export.ts`'s `ExportResource` (what
 * `rampart plan` writes) and `cli/check/exportDoc.ts`'s `StateResource` (what `check` reads) fit it.
 */
export interface ExportResource {
  readonly urn: string;
  readonly type: string;
  readonly id?: string;
  readonly inputs: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
}

/** One finding of the linter: where, which statement, what was wrong. */
export interface Problem {
  readonly urn: string;
  /** The property that holds the document, e.g. `policy`, `assumeRolePolicy`, `inlinePolicies[0].policy`. */
  readonly property: string;
  /** `Sid` when the statement has one, else `#<index>` (0-based); absent for document-level problems. */
  readonly statement?: string;
  readonly value?: string;
  readonly message: string;
}

export type Effect = "Allow" | "Deny";

/** A principal element normalised to lists per type (`"*"` becomes `{ AWS: ["*"] }` with `any`). */
export interface PrincipalSpec {
  /** `"Principal": "*"` (or `{"AWS": "*"}`): everyone, including anonymous callers. */
  readonly any: boolean;
  readonly aws: readonly string[];
  readonly service: readonly string[];
  readonly federated: readonly string[];
  readonly canonicalUser: readonly string[];
}

/** `Condition` as operator → key → values, values as strings (`true` becomes `"true"`). */
export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

export interface Statement {
  /** 0-based position in the document. */
  readonly index: number;
  readonly sid?: string;
  readonly effect: Effect;
  readonly principal?: PrincipalSpec;
  readonly notPrincipal?: PrincipalSpec;
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly condition?: ConditionBlock;
}

export interface PolicyDocument {
  readonly version?: string;
  readonly statements: readonly Statement[];
}

/** How AWS uses a document, which decides the grammar it must follow and how it combines. */
export type PolicyKind =
  | "identity" // attached to a role/user/group: no Principal
  | "trust" // a role's assume-role policy: a resource policy whose resource is the role
  | "key" // a KMS key policy
  | "resource" // bucket, topic, queue, repository, ... policies
  | "endpoint" // a VPC endpoint policy: a boundary on calls through the endpoint
  | "scp" // an organisation guardrail: a boundary, no Principal
  | "other"; // a JSON policy document in a property we do not classify

/** A parsed document and where it came from, named in every verdict. */
export interface SourcedPolicy {
  readonly kind: PolicyKind;
  readonly urn: string;
  readonly property: string;
  readonly document: PolicyDocument;
}

/** A label for a statement in messages and verdicts: its Sid, else its index. */
export const statementLabel = (s: Pick<Statement, "sid" | "index">): string => s.sid ?? `#${s.index}`;

/** Who makes the request. */
export type RequestPrincipal =
  /** An IAM role (optionally as an assumed-role session), user or account root. */
  | { readonly type: "aws"; readonly arn: string; readonly account: string }
  /** An AWS service principal such as `logs.us-east-1.amazonaws.com`. */
  | { readonly type: "service"; readonly service: string }
  /** An unauthenticated caller. */
  | { readonly type: "anonymous" }
  /** A web-identity or SAML federated caller (before it assumes a role). */
  | { readonly type: "federated"; readonly provider: string };

/** Condition-key values: one value, or a set for multivalued keys. Keys are matched case-insensitively. */
export type ContextValue = string | boolean | number | readonly string[];

export interface Request {
  readonly principal: RequestPrincipal;
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, ContextValue>>;
}

/** Three-valued outcome: a statement or a policy may be impossible to decide offline. */
export type Tri = "yes" | "no" | "unknown";

export type Decision = "allow" | "deny" | "undecidable";
