import { closest as nearest, distance } from "fastest-levenshtein";
import { z } from "zod";
import { type ArgPath, showValue } from "../../components/shared/problems";
import { configSchema, NAMESPACE } from "./schema";
import { MESH_CA_KEY } from "./schema.mesh";
import { GRAFANA_CLIENT_SECRET_KEY } from "./schema.siem";
import { VAULT_OIDC_CLIENT_SECRET_KEY, VAULT_TOKEN_KEY } from "./schema.identity";

/** How config problems are worded: the `rampart:` key as the user wrote it, the value, what was expected. */

/** `rampart:network.tiers.data.cidrs[0]` */
export function keyOf(path: ArgPath): string {
  const [top, ...rest] = path;
  let key = `${NAMESPACE}:${String(top ?? "")}`;
  for (const p of rest) key += typeof p === "number" ? `[${p}]` : `.${String(p)}`;
  return key;
}

export function valueAt(root: unknown, path: ArgPath): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** One line: `<key>: <value> <message>`. */
export function line(path: ArgPath, value: unknown, message: string): string {
  return `${keyOf(path)}: ${showValue(value)} ${message}`;
}

/** The known key closest to a typo, if it is close enough to be what was meant. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const lower = candidates.map((c) => c.toLowerCase());
  const best = nearest(word.toLowerCase(), lower);
  return distance(word.toLowerCase(), best) <= Math.max(2, Math.floor(word.length / 3))
    ? candidates[lower.indexOf(best)]
    : undefined;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s: z.ZodType = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) {
      s = s.unwrap() as z.ZodType;
    } else if (s instanceof z.ZodPipe) {
      s = s.in as z.ZodType;
    } else return s;
  }
}

function knownKeysAt(path: ArgPath): string[] {
  let schema: z.ZodType | undefined = configSchema;
  for (const p of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, z.ZodType>)[String(p)];
    else if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
    else if (schema instanceof z.ZodRecord) schema = schema.valueType as z.ZodType;
    if (!schema) return [];
  }
  schema = unwrap(schema);
  if (!(schema instanceof z.ZodObject)) return [];
  // The secret keys are read apart from the schema (never parsed into the plain config), but they are
  // keys of ours: a typo of one gets the suggestion too.
  return [
    ...Object.keys(schema.shape),
    ...(path.length === 0
      ? [MESH_CA_KEY, GRAFANA_CLIENT_SECRET_KEY, VAULT_TOKEN_KEY, VAULT_OIDC_CLIENT_SECRET_KEY]
      : []),
  ];
}

/** A schema issue (a wrong type, an unknown key, a missing value) as config lines. */
export function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string[] {
  const path = issue.path as ArgPath;
  const value = valueAt(raw, path);
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((k) => {
        const known = knownKeysAt(path);
        const hint = suggest(k, known);
        return `${keyOf([...path, k])}: unknown key${hint ? ` (did you mean "${keyOf([...path, hint])}"?)` : ` (expected one of ${known.join(", ")})`}`;
      });
    case "invalid_type":
      if (value === undefined) return [`${keyOf(path)}: missing (expected ${issue.expected})`];
      // YAML reads an unquoted 1.30 as the number 1.3: the value the user wrote is gone, so say why.
      if (issue.expected === "string" && typeof value === "number")
        return [
          line(
            path,
            value,
            'is a number where a string is expected (quote it in the YAML: unquoted, 1.30 is read as the number 1.3; write "1.30")',
          ),
        ];
      return [line(path, value, `has the wrong type (expected ${issue.expected})`)];
    case "invalid_value": {
      const expected = `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
      if (value === undefined) return [`${keyOf(path)}: missing (${expected})`];
      return [line(path, value, `is not allowed (${expected})`)];
    }
    case "too_small":
      return [line(path, value, `is too small (expected at least ${String(issue.minimum)})`)];
    case "too_big":
      return [line(path, value, `is too large (expected at most ${String(issue.maximum)})`)];
    default:
      return [line(path, value, issue.message ?? "is invalid")];
  }
}
