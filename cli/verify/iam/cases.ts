import type { ContextValue } from "./types";

/**
 * Access cases as data (documented in cli/verify/ACCESS.md): who calls which action on which resource,
 * with which request context, optionally through a VPC endpoint, and what AWS must answer.
 */

export type CasePrincipal =
  /** An `aws:iam/role:Role` of the export, by URN, name, ARN or id; it calls as an assumed-role session. */
  | { readonly role: string }
  /** Any IAM principal ARN (a service-linked role, a deployer role); a role of the export is used as such. */
  | { readonly arn: string; readonly assumeIdentityAllows?: boolean }
  /** A principal of another AWS account, whose own IAM policies are assumed to allow. */
  | { readonly account: string }
  /** An AWS service principal, e.g. `logs.us-east-1.amazonaws.com`. */
  | { readonly service: string }
  /** An unauthenticated caller. */
  | { readonly anonymous: true };

export interface AccessCase {
  readonly id: string;
  readonly description?: string;
  readonly principal: CasePrincipal;
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, ContextValue>>;
  /** Through the VPC endpoint(s) whose service name ends with this (`s3`, `ecr.dkr`, `kms`). */
  readonly via?: string;
  /** The account owning the resource when its ARN has none (S3) and it is not in the export. */
  readonly resourceAccount?: string;
  readonly expect: "allow" | "deny";
  /** The AWS (or Kubernetes) document the expectation comes from. */
  readonly cite: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

const CASE_KEYS = new Set([
  "id",
  "description",
  "principal",
  "action",
  "resource",
  "context",
  "via",
  "resourceAccount",
  "expect",
  "cite",
]);

function fail(where: string, message: string): never {
  throw new Error(`${where}: ${message}`);
}

function str(c: Record<string, unknown>, key: string, where: string, optional = false): string | undefined {
  const v = c[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== "string" || v === "")
    fail(`${where}.${key}`, `expected a non-empty string, got ${JSON.stringify(v)}`);
  return v;
}

function parsePrincipal(v: unknown, where: string): CasePrincipal {
  const expected =
    'expected {"role": URN|name|ARN}, {"arn": ARN}, {"account": "123456789012"}, {"service": "x.amazonaws.com"} or {"anonymous": true}';
  if (!isObject(v)) fail(where, expected);
  const keys = Object.keys(v).filter((k) => k !== "assumeIdentityAllows");
  if (keys.length !== 1) fail(where, expected);
  const [key] = keys as [string];
  const value = v[key];
  if (key === "anonymous") {
    if (value !== true) fail(`${where}.anonymous`, "expected true");
    return { anonymous: true };
  }
  if (!["role", "arn", "account", "service"].includes(key))
    fail(where, `unknown principal "${key}"; ${expected}`);
  if (typeof value !== "string" || value === "") fail(`${where}.${key}`, "expected a non-empty string");
  if (key === "account" && !/^\d{12}$/.test(value))
    fail(`${where}.account`, `"${value}" is not a 12-digit account ID`);
  if (key === "arn" && !value.startsWith("arn:")) fail(`${where}.arn`, `"${value}" is not an ARN`);
  if (v.assumeIdentityAllows !== undefined) {
    if (key !== "arn") fail(`${where}.assumeIdentityAllows`, 'only applies to an {"arn"} principal');
    if (typeof v.assumeIdentityAllows !== "boolean")
      fail(`${where}.assumeIdentityAllows`, "expected a boolean");
    return { arn: value, assumeIdentityAllows: v.assumeIdentityAllows };
  }
  return { [key]: value } as CasePrincipal;
}

function parseContext(v: unknown, where: string): Record<string, ContextValue> | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) fail(where, "expected an object of condition key → value");
  for (const [k, x] of Object.entries(v)) {
    const ok =
      ["string", "boolean", "number"].includes(typeof x) ||
      (Array.isArray(x) && x.every((e) => typeof e === "string"));
    if (!ok) fail(`${where}.${k}`, "expected a string, boolean, number or array of strings");
  }
  return v as Record<string, ContextValue>;
}

/** Reads cases from parsed JSON (an array, or `{"cases": [...]}`); throws naming the first bad field. */
export function parseAccessCases(json: unknown): AccessCase[] {
  const list = Array.isArray(json)
    ? json
    : isObject(json) && Array.isArray(json.cases)
      ? json.cases
      : undefined;
  if (!list) fail("access cases", 'expected an array of cases or {"cases": [...]}');
  const ids = new Set<string>();
  return list.map((raw, i) => {
    const where = `cases[${i}]`;
    if (!isObject(raw)) fail(where, "expected an object");
    for (const k of Object.keys(raw)) if (!CASE_KEYS.has(k)) fail(`${where}.${k}`, "unknown field");
    const id = str(raw, "id", where)!;
    if (ids.has(id)) fail(`${where}.id`, `duplicate id "${id}"`);
    ids.add(id);
    const action = str(raw, "action", where)!;
    if (!/^[A-Za-z0-9-]+:[A-Za-z0-9]+$/.test(action))
      fail(`${where}.action`, `"${action}" is not "service:Action"`);
    const resource = str(raw, "resource", where)!;
    if (resource !== "*" && !resource.startsWith("arn:"))
      fail(`${where}.resource`, `"${resource}" is not an ARN or "*"`);
    const expect = raw.expect;
    if (expect !== "allow" && expect !== "deny")
      fail(`${where}.expect`, `expected "allow" or "deny", got ${JSON.stringify(expect)}`);
    const resourceAccount = str(raw, "resourceAccount", where, true);
    if (resourceAccount !== undefined && !/^\d{12}$/.test(resourceAccount)) {
      fail(`${where}.resourceAccount`, `"${resourceAccount}" is not a 12-digit account ID`);
    }
    const optional = {
      description: str(raw, "description", where, true),
      context: parseContext(raw.context, `${where}.context`),
      via: str(raw, "via", where, true),
      resourceAccount,
    };
    const c: AccessCase = {
      id,
      principal: parsePrincipal(raw.principal, `${where}.principal`),
      action,
      resource,
      expect,
      cite: str(raw, "cite", where)!,
    };
    // Absent optional fields stay absent, so a case reads back as it was written.
    for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(c, { [k]: v });
    return c;
  });
}
