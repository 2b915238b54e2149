import type { Tri } from "./types";

/**
 * Wildcard matching as IAM does it: `*` matches any run of characters (including none), `?` exactly
 * one. Actions match case-insensitively, resources and ARN conditions case-sensitively.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 */

const cache = new Map<string, RegExp>();

/** Compiles a pattern with `*` and `?` to an anchored regular expression. */
function compile(pattern: string, ignoreCase: boolean): RegExp {
  const key = `${ignoreCase ? "i" : "s"}:${pattern}`;
  let re = cache.get(key);
  if (!re) {
    const body = pattern
      .split("")
      .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\/-]/g, "\\$&")))
      .join("");
    re = new RegExp(`^${body}$`, ignoreCase ? "is" : "s");
    cache.set(key, re);
  }
  return re;
}

export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === "*") return true;
  if (!pattern.includes("*") && !pattern.includes("?")) {
    return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  }
  return compile(pattern, ignoreCase).test(value);
}

/** A policy variable (`${aws:username}`) needs the request's values substituted; we do not use any. */
export const hasPolicyVariable = (s: string): boolean => s.includes("${");

/** `service:Action` against an Action element value; case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
  return globMatch(pattern, action, true);
}

/** Splits an ARN into its six parts; the last keeps its colons (`log-group:/x:log-stream:y`). */
export function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(":")];
}

/**
 * A Resource element value against the request's resource ARN. Each of the first five ARN parts is
 * matched on its own (a `*` there does not run into the next part); the resource part may hold colons.
 * A policy variable makes the match unknown.
 */
export function resourceMatches(pattern: string, resource: string): Tri {
  if (pattern === "*") return "yes";
  if (hasPolicyVariable(pattern)) return "unknown";
  return arnLike(pattern, resource) ? "yes" : "no";
}

/** ArnLike / ArnEquals: part by part, case-sensitive, wildcards allowed in every part. */
export function arnLike(pattern: string, value: string): boolean {
  const p = splitArn(pattern);
  const v = splitArn(value);
  if (!p || !v) return globMatch(pattern, value);
  return p.every((part, i) => globMatch(part, v[i]!));
}

/** The account in an ARN (`arn:aws:iam::123456789012:role/x` → `123456789012`), if it has one. */
export function arnAccount(arn: string): string | undefined {
  const parts = splitArn(arn);
  return parts && /^\d{12}$/.test(parts[4]!) ? parts[4] : undefined;
}
