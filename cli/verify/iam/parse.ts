import type { ConditionBlock, Effect, PolicyDocument, PolicyKind, PrincipalSpec, Statement } from "./types";

/**
 * Parses an IAM policy document the way AWS's grammar defines it, collecting every departure from it.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 *
 * A document may be a JSON string or an object; `Statement` an object or an array; `Action`,
 * `Resource`, `Principal` values a string or an array. Anything else is reported, and the statement
 * is dropped from the parsed document only when it cannot be read at all (the evaluator then treats
 * the document as not fully known, see `complete`).
 */

export interface GrammarProblem {
  /** Statement label (Sid or `#index`) when the problem is inside a statement. */
  readonly statement?: string;
  readonly value?: string;
  readonly message: string;
}

export interface ParseResult {
  readonly document: PolicyDocument;
  readonly problems: GrammarProblem[];
  /** False when a statement could not be read: an evaluator must not decide on a partial document. */
  readonly complete: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

const DOC_KEYS = new Set(["Version", "Id", "Statement"]);
const STATEMENT_KEYS = new Set([
  "Sid",
  "Effect",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
]);
const PRINCIPAL_TYPES: Record<string, keyof Omit<PrincipalSpec, "any">> = {
  AWS: "aws",
  Service: "service",
  Federated: "federated",
  CanonicalUser: "canonicalUser",
};

/** `"2012-10-17"` is the version that supports policy variables; older documents behave differently. */
export const CURRENT_POLICY_VERSION = "2012-10-17";

/** Reads a document; an empty, incomplete one (with the problem) when it is not JSON or not an object. */
/**
 * `impliedResource`: the document is attached to one resource that its statements need not name (an ECR
 * repository policy: AWS's examples have no Resource, the policy governs the repository), so a statement
 * without Resource or NotResource applies to that resource (parsed as `Resource: "*"`).
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html
 */
export function parsePolicyDocument(
  raw: unknown,
  kind: PolicyKind,
  options: { readonly impliedResource?: boolean } = {},
): ParseResult {
  const problems: GrammarProblem[] = [];
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw) as unknown;
    } catch (err) {
      problems.push({ value: raw.slice(0, 80), message: `is not JSON: ${(err as Error).message}` });
      return { document: { statements: [] }, problems, complete: false };
    }
  }
  if (!isObject(value)) {
    problems.push({ message: "is not a JSON object with a Statement" });
    return { document: { statements: [] }, problems, complete: false };
  }
  for (const key of Object.keys(value)) {
    if (!DOC_KEYS.has(key)) problems.push({ value: key, message: `unknown top-level element "${key}"` });
  }
  const version = typeof value.Version === "string" ? value.Version : undefined;
  if (version !== CURRENT_POLICY_VERSION) {
    problems.push({
      value: String(value.Version),
      message: `Version should be "${CURRENT_POLICY_VERSION}" (older or missing versions disable policy variables)`,
    });
  }
  const rawStatements = Array.isArray(value.Statement)
    ? value.Statement
    : value.Statement === undefined
      ? []
      : [value.Statement];
  if (rawStatements.length === 0) problems.push({ message: "has no Statement" });
  const statements: Statement[] = [];
  let complete = true;
  rawStatements.forEach((rs, index) => {
    const s = parseStatement(rs, index, kind, problems, options.impliedResource === true);
    if (s) statements.push(s);
    else complete = false;
  });
  return { document: { version, statements }, problems, complete };
}

function strings(v: unknown): string[] | undefined {
  if (typeof v === "string") return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v;
  return undefined;
}

function parsePrincipal(v: unknown, where: string, label: string, problems: GrammarProblem[]) {
  if (v === "*") return { any: true, aws: ["*"], service: [], federated: [], canonicalUser: [] };
  if (!isObject(v)) {
    problems.push({
      statement: label,
      value: JSON.stringify(v),
      message: `${where} must be "*" or an object`,
    });
    return undefined;
  }
  const out: { any: boolean } & Record<keyof Omit<PrincipalSpec, "any">, string[]> = {
    any: false,
    aws: [],
    service: [],
    federated: [],
    canonicalUser: [],
  };
  for (const [type, values] of Object.entries(v)) {
    const field = PRINCIPAL_TYPES[type];
    const list = strings(values);
    if (!field || !list) {
      problems.push({
        statement: label,
        value: type,
        message: `${where} has "${type}" (expected AWS, Service, Federated or CanonicalUser with string values)`,
      });
      return undefined;
    }
    out[field].push(...list);
  }
  out.any = out.aws.includes("*");
  return out;
}

function parseCondition(v: unknown, label: string, problems: GrammarProblem[]): ConditionBlock | undefined {
  if (!isObject(v)) {
    problems.push({ statement: label, message: "Condition must be an object of operator → {key: values}" });
    return undefined;
  }
  const block: Record<string, Record<string, string[]>> = {};
  for (const [op, keys] of Object.entries(v)) {
    if (!isObject(keys)) {
      problems.push({
        statement: label,
        value: op,
        message: `Condition operator ${op} must map keys to values`,
      });
      return undefined;
    }
    const entry: Record<string, string[]> = {};
    for (const [key, values] of Object.entries(keys)) {
      const list = (Array.isArray(values) ? values : [values]) as unknown[];
      if (!list.every((x) => ["string", "boolean", "number"].includes(typeof x))) {
        problems.push({
          statement: label,
          value: `${op}.${key}`,
          message: "condition values must be strings, booleans or numbers",
        });
        return undefined;
      }
      entry[key] = list.map((x) => String(x));
    }
    block[op] = entry;
  }
  return block;
}

function parseStatement(
  raw: unknown,
  index: number,
  kind: PolicyKind,
  problems: GrammarProblem[],
  impliedResource: boolean,
): Statement | undefined {
  if (!isObject(raw)) {
    problems.push({ statement: `#${index}`, message: "statement is not an object" });
    return undefined;
  }
  const sid = typeof raw.Sid === "string" ? raw.Sid : undefined;
  const label = sid ?? `#${index}`;
  let ok = true;
  const fail = (message: string, value?: string) => {
    problems.push({ statement: label, value, message });
    ok = false;
  };
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_KEYS.has(key)) fail(`unknown statement element "${key}"`, key);
  }
  if (raw.Sid !== undefined && typeof raw.Sid !== "string") fail("Sid must be a string");
  const effect = raw.Effect;
  if (effect !== "Allow" && effect !== "Deny") fail(`Effect must be "Allow" or "Deny"`, String(effect));

  const pair = (a: string, b: string, required: boolean) => {
    const has = [raw[a] !== undefined, raw[b] !== undefined];
    if (has[0] && has[1]) fail(`has both ${a} and ${b}`);
    if (required && !has[0] && !has[1]) fail(`has neither ${a} nor ${b}`);
    const read = (k: string) => {
      if (raw[k] === undefined) return undefined;
      const list = strings(raw[k]);
      if (!list || list.length === 0) fail(`${k} must be a string or a non-empty array of strings`);
      return list;
    };
    return [read(a), read(b)] as const;
  };
  const [action, notAction] = pair("Action", "NotAction", true);
  // A role's trust policy has no Resource (the resource is the role); every other kind needs one.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
  const [named, notResource] = pair("Resource", "NotResource", kind !== "trust" && !impliedResource);
  const resource = named ?? (impliedResource && notResource === undefined ? ["*"] : undefined);

  const hasPrincipal = raw.Principal !== undefined || raw.NotPrincipal !== undefined;
  const needsPrincipal = kind === "trust" || kind === "key" || kind === "resource" || kind === "endpoint";
  if ((kind === "identity" || kind === "scp") && hasPrincipal)
    fail(`${kind === "identity" ? "an" : "a"} ${kind} policy has no Principal`);
  if (needsPrincipal && !hasPrincipal) fail(`a ${kind} policy statement needs Principal or NotPrincipal`);
  if (raw.Principal !== undefined && raw.NotPrincipal !== undefined)
    fail("has both Principal and NotPrincipal");
  const principal =
    raw.Principal === undefined ? undefined : parsePrincipal(raw.Principal, "Principal", label, problems);
  const notPrincipal =
    raw.NotPrincipal === undefined
      ? undefined
      : parsePrincipal(raw.NotPrincipal, "NotPrincipal", label, problems);
  if ((raw.Principal !== undefined && !principal) || (raw.NotPrincipal !== undefined && !notPrincipal))
    ok = false;
  const condition = raw.Condition === undefined ? undefined : parseCondition(raw.Condition, label, problems);
  if (raw.Condition !== undefined && !condition) ok = false;
  if (!ok) return undefined;
  return {
    index,
    sid,
    effect: effect as Effect,
    principal,
    notPrincipal,
    action,
    notAction,
    resource,
    notResource,
    condition,
  };
}
