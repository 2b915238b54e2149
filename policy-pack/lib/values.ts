import { PROXY_TARGET_KEY, UNKNOWN_VALUES } from "./sdk/policyInternals";
import { UNSEEN } from "./unknown";

/**
 * The pack's one set of readers over untyped resource properties: none of them throws on a surprising
 * shape. Two ways of reading meet here:
 *
 * - AWS resource policies read `props` through the policy SDK's unknown-checking proxy: reading a value
 *   unknown during preview throws, and the server turns the policy into an advisory note (the right
 *   answer when the policy cannot see what it needs). `asList`, `asObject`, `isTrue`... read values that
 *   way, already known.
 * - Kubernetes, service-mesh and Helm policies read the plain values under the proxy (`plain`) so that one
 *   unknown value (an image from an ECR repository output) does not hide a `privileged: true` in the same
 *   pod: `at` walks a path and answers `UNSEEN` when it meets an unknown value, `asString` and
 *   `knownStrings` skip unknowns, and the check that needs an unknown value says nothing while every other
 *   check still runs. During `pulumi up` the values are known and the policy runs again in full.
 */

const SENTINELS = new Set<unknown>(Object.values(UNKNOWN_VALUES));

/** True for the SDK's sentinels of values that are unknown during preview (as `plain` values show them). */
export function isUnknown(v: unknown): boolean {
  return typeof v === "string" && SENTINELS.has(v);
}

/** The plain value under the SDK's proxy (or the value itself when it is not proxied). */
export function plain<T>(v: T): T {
  if (v !== null && typeof v === "object") {
    const target = (v as Record<string, unknown>)[PROXY_TARGET_KEY];
    if (target !== undefined && target !== null && typeof target === "object") return target as T;
  }
  return v;
}

/** An unknown value `at` met: the object it walked from and the path to the value. */
export interface UnseenRead {
  readonly root: unknown;
  readonly path: readonly (string | number)[];
}

let unseenReads: UnseenRead[] | undefined;

/**
 * Runs `fn` and returns what it returned with the unknown values `at` met meanwhile: a check that says
 * nothing because what decides it is unknown has not passed, it could not see (lib/policy.ts turns that
 * into the SDK's not-inspectable note).
 */
export function withUnseenReads<T>(fn: () => T): { result: T; unseen: readonly UnseenRead[] } {
  const outer = unseenReads;
  const reads: UnseenRead[] = [];
  unseenReads = reads;
  try {
    return { result: fn(), unseen: reads };
  } finally {
    unseenReads = outer;
  }
}

/**
 * Records that a check skipped an unknown value at `path` under `root` that could decide it (for a walker
 * that meets values without reading them through `at`).
 */
export function noteUnseen(root: unknown, path: readonly (string | number)[]): void {
  unseenReads?.push({ root, path });
}

/**
 * Reads `path` under a plain `root` without throwing: `UNSEEN` when an unknown value is met on the way,
 * `undefined` when a step is missing or not an object.
 */
export function at(root: unknown, ...path: (string | number)[]): any {
  let cur: any = root;
  for (let i = 0; i < path.length; i++) {
    // `at(at(x, "a"), "b")` stays UNSEEN when `x.a` was (and was recorded then).
    if (cur === UNSEEN) return UNSEEN;
    if (isUnknown(cur)) {
      unseenReads?.push({ root, path: path.slice(0, i) });
      return UNSEEN;
    }
    if (cur === null || typeof cur !== "object") return undefined;
    cur = cur[path[i]!];
  }
  if (isUnknown(cur)) unseenReads?.push({ root, path });
  return cur === UNSEEN || isUnknown(cur) ? UNSEEN : cur;
}

/** True when a value (as `at` returns it) is unknown, or is a list holding an unknown entry. */
export function hasUnknown(v: unknown): boolean {
  return v === UNSEEN || isUnknown(v) || asArray(v).some(isUnknown);
}

/** A value as a list: arrays as they are, a single value as a one-element list, nothing as empty. */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** An array, or an empty one for anything else (missing, unknown, a single value, wrong shape). */
export function asArray(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

/** A plain object, or undefined for anything else (strings, arrays, numbers...). */
export function asObject(value: unknown): Record<string, any> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, any>)
    : undefined;
}

/** A known string, or undefined (for anything else, and for an unknown value's sentinel). */
export function asString(v: unknown): string | undefined {
  return typeof v === "string" && !isUnknown(v) ? v : undefined;
}

/** The known strings of an array; unknown and non-string entries are skipped. */
export function knownStrings(v: unknown): string[] {
  return asArray(v).filter((s): s is string => typeof s === "string" && !isUnknown(s));
}

/** The strings of a value read as a list (`asList`): `"a"` and `["a", 1]` both give `["a"]`. */
export function listOfStrings(v: unknown): string[] {
  return asList(v).filter((x): x is string => typeof x === "string");
}

/** `true`, or the string "true" that some Terraform-bridged fields (launch-template EBS flags) use. */
export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === "string" && value.toLowerCase() === "true");
}

/** A non-empty string (an ARN, a key id...). */
export function isSet(value: unknown): boolean {
  return typeof value === "string" ? value.trim().length > 0 : value !== undefined && value !== null;
}

/** A tag's value from a resource's `tags` map, if it is a string. */
export function tagValue(props: Record<string, any>, key: string): string | undefined {
  if (!("tags" in props)) return undefined;
  const tags = asObject(props.tags);
  if (!tags || !(key in tags)) return undefined;
  const v = tags[key];
  return typeof v === "string" ? v : undefined;
}

/** A number, from a number or a numeric string; undefined otherwise. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

/** Lower-cased string, or undefined. */
export function lower(value: unknown): string | undefined {
  return typeof value === "string" ? value.toLowerCase() : undefined;
}
