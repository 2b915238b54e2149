import { arnLike, globMatch, hasPolicyVariable } from "./match";
import type { ConditionBlock, ContextValue, Tri } from "./types";

/**
 * The Condition element: every operator and every key must hold (AND); for one key, any of the
 * policy's values may match (OR), except for negated operators where the request value must match none.
 * A key absent from the request does not match, except under `...IfExists` (true), `Null`, and
 * `ForAllValues:` (true for an empty or absent set); a negated operator on an absent key is true.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
 *
 * Anything outside this (BinaryEquals, IPv6, policy variables in values, a set-valued request key under
 * a single-valued operator) is "unknown", which the caller must treat as "cannot decide".
 */

export interface ConditionResult {
  readonly result: Tri;
  /** Why it is unknown, or which key failed, for the verdict. */
  readonly detail?: string;
}

type Base = (policyValue: string, requestValue: string) => boolean | undefined;

const num = (s: string): number | undefined =>
  s.trim() !== "" && Number.isFinite(Number(s)) ? Number(s) : undefined;
const date = (s: string): number | undefined => {
  const n = num(s);
  if (n !== undefined) return n * 1000; // epoch seconds
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
};
const numeric =
  (cmp: (a: number, b: number) => boolean, read: (s: string) => number | undefined): Base =>
  (p, r) => {
    const a = read(r);
    const b = read(p);
    return a === undefined || b === undefined ? undefined : cmp(a, b);
  };

function ipv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return octets.reduce((acc, o) => acc * 256 + o, 0);
}
/** IPv4 only: an IPv6 value makes the comparison unknown. */
const ipMatch: Base = (p, r) => {
  const [net, bitsText] = p.split("/");
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const a = ipv4(r);
  const b = ipv4(net ?? "");
  if (a === undefined || b === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32)
    return undefined;
  const size = 2 ** (32 - bits);
  return Math.floor(a / size) === Math.floor(b / size);
};

/** Positive operators; the `Not` forms are their negation over all policy values. */
const BASE: Record<string, { match: Base; negated: boolean }> = {
  StringEquals: { match: (p, r) => p === r, negated: false },
  StringNotEquals: { match: (p, r) => p === r, negated: true },
  StringEqualsIgnoreCase: { match: (p, r) => p.toLowerCase() === r.toLowerCase(), negated: false },
  StringNotEqualsIgnoreCase: { match: (p, r) => p.toLowerCase() === r.toLowerCase(), negated: true },
  StringLike: { match: (p, r) => globMatch(p, r), negated: false },
  StringNotLike: { match: (p, r) => globMatch(p, r), negated: true },
  ArnEquals: { match: (p, r) => arnLike(p, r), negated: false },
  ArnLike: { match: (p, r) => arnLike(p, r), negated: false },
  ArnNotEquals: { match: (p, r) => arnLike(p, r), negated: true },
  ArnNotLike: { match: (p, r) => arnLike(p, r), negated: true },
  Bool: {
    match: (p, r) =>
      ["true", "false"].includes(p.toLowerCase()) ? p.toLowerCase() === r.toLowerCase() : undefined,
    negated: false,
  },
  NumericEquals: { match: numeric((a, b) => a === b, num), negated: false },
  NumericNotEquals: { match: numeric((a, b) => a === b, num), negated: true },
  NumericLessThan: { match: numeric((a, b) => a < b, num), negated: false },
  NumericLessThanEquals: { match: numeric((a, b) => a <= b, num), negated: false },
  NumericGreaterThan: { match: numeric((a, b) => a > b, num), negated: false },
  NumericGreaterThanEquals: { match: numeric((a, b) => a >= b, num), negated: false },
  DateEquals: { match: numeric((a, b) => a === b, date), negated: false },
  DateNotEquals: { match: numeric((a, b) => a === b, date), negated: true },
  DateLessThan: { match: numeric((a, b) => a < b, date), negated: false },
  DateLessThanEquals: { match: numeric((a, b) => a <= b, date), negated: false },
  DateGreaterThan: { match: numeric((a, b) => a > b, date), negated: false },
  DateGreaterThanEquals: { match: numeric((a, b) => a >= b, date), negated: false },
  IpAddress: { match: ipMatch, negated: false },
  NotIpAddress: { match: ipMatch, negated: true },
};

export interface ParsedOperator {
  readonly set?: "ForAnyValue" | "ForAllValues";
  readonly base: string;
  readonly ifExists: boolean;
}

/** `ForAnyValue:StringLikeIfExists` → its parts; `undefined` when not an operator we evaluate. */
export function parseOperator(op: string): ParsedOperator | undefined {
  let rest = op;
  let set: ParsedOperator["set"];
  for (const prefix of ["ForAnyValue", "ForAllValues"] as const) {
    if (rest.startsWith(`${prefix}:`)) {
      set = prefix;
      rest = rest.slice(prefix.length + 1);
    }
  }
  if (rest === "Null") return set ? undefined : { base: "Null", ifExists: false };
  const ifExists = rest.endsWith("IfExists");
  const base = ifExists ? rest.slice(0, -"IfExists".length) : rest;
  return BASE[base] ? { set, base, ifExists } : undefined;
}

/** Looks a key up case-insensitively (condition key names are not case-sensitive). */
export type Context = ReadonlyMap<string, ContextValue>;
export const toContext = (values: Readonly<Record<string, ContextValue>>): Context =>
  new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));

const asList = (v: ContextValue): string[] => (Array.isArray(v) ? [...(v as string[])] : [String(v)]);
const isAbsent = (v: ContextValue | undefined): boolean =>
  v === undefined || (Array.isArray(v) && v.length === 0) || v === "";

function evaluateOne(
  op: ParsedOperator,
  key: string,
  policyValues: readonly string[],
  context: Context,
): Tri {
  const value = context.get(key.toLowerCase());
  if (op.base === "Null") {
    const wantAbsent = policyValues.map((v) => v.toLowerCase());
    if (wantAbsent.some((v) => v !== "true" && v !== "false")) return "unknown";
    return wantAbsent.includes(String(isAbsent(value))) ? "yes" : "no";
  }
  if (policyValues.some(hasPolicyVariable)) return "unknown";
  const { match, negated } = BASE[op.base]!;
  // One request value against the policy's values: OR for positive operators, NOR for negated ones.
  const single = (r: string): Tri => {
    let unknown = false;
    for (const p of policyValues) {
      const m = match(p, r);
      if (m === undefined) unknown = true;
      else if (m) return negated ? "no" : "yes";
    }
    if (unknown) return "unknown";
    return negated ? "yes" : "no";
  };
  if (isAbsent(value)) {
    if (op.ifExists) return "yes";
    if (op.set === "ForAllValues") return "yes";
    if (op.set === "ForAnyValue") return "no";
    return negated ? "yes" : "no";
  }
  const values = asList(value!);
  if (op.set === undefined) {
    // A single-valued operator on a multivalued request key is ambiguous: AWS says not to write it.
    if (values.length !== 1) return "unknown";
    return single(values[0]!);
  }
  const results = values.map(single);
  if (op.set === "ForAnyValue") {
    if (results.includes("yes")) return "yes";
    return results.includes("unknown") ? "unknown" : "no";
  }
  if (results.includes("no")) return "no";
  return results.includes("unknown") ? "unknown" : "yes";
}

/** The whole Condition element: AND over operators and keys. */
export function evaluateCondition(block: ConditionBlock | undefined, context: Context): ConditionResult {
  if (!block) return { result: "yes" };
  let unknown: string | undefined;
  for (const [opName, keys] of Object.entries(block)) {
    const op = parseOperator(opName);
    for (const [key, values] of Object.entries(keys)) {
      if (!op) {
        unknown ??= `condition operator ${opName} is not supported by the evaluator`;
        continue;
      }
      const r = evaluateOne(op, key, values, context);
      if (r === "no") return { result: "no", detail: `${opName} ${key}` };
      if (r === "unknown") unknown ??= `cannot evaluate ${opName} on ${key}`;
    }
  }
  return unknown ? { result: "unknown", detail: unknown } : { result: "yes" };
}
