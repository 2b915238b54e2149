import Ajv, { type ErrorObject } from "ajv";
import { closest, distance } from "fastest-levenshtein";
import { UsageError } from "../errors";
import { readBoundedText } from "../input";
import { MAX_VALUE_DEPTH, tooDeep } from "./exportDoc";

/**
 * Policy pack config, with the semantics of `pulumi preview --policy-pack-config FILE`
 * (pkg/resource/analyzer/config.go in pulumi/pulumi):
 *
 * - the file maps a policy name to an enforcement level string, or to an object with an optional
 *   `enforcementLevel` and the policy's settings; an empty file is no config (`parsePolicyPackConfig`);
 * - the config sent with `Configure` starts from every policy's own level and its `configSchema`
 *   defaults (`createConfigWithDefaults`), then the pack's initial config, then the file
 *   (`ReconcilePolicyPackConfig`/`applyConfig`); the `all` key sets the level of every policy first;
 * - each policy's resulting settings are validated against its `configSchema` as
 *   `{type: "object", properties, required}` (`validatePolicyPackConfig`, `convertSchema`).
 *
 * Deliberate differences, so that a typo cannot quietly leave a policy at a weaker level or a default
 * threshold in CI (the CLI passes each of these on and it silently does nothing):
 * - a name that is neither a policy of the pack nor `all` is an error;
 * - a setting the policy's `configSchema` does not declare (`minimumDayz`), a setting on a policy that
 *   has no `configSchema`, and a setting on `all` (which only sets levels) are errors.
 */

export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;
export type EnforcementLevel = (typeof ENFORCEMENT_LEVELS)[number];

export interface PolicyConfigEntry {
  readonly enforcementLevel?: EnforcementLevel;
  readonly properties?: Record<string, unknown>;
}

/** What a policy declares about its config (from `GetAnalyzerInfo`). */
export interface PolicySchemaInfo {
  readonly name: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly configSchema?: { properties: Record<string, unknown>; required: string[] };
}

export interface ResolvedPolicyConfig {
  readonly enforcementLevel: EnforcementLevel;
  readonly properties: Record<string, unknown>;
}

const isLevel = (v: unknown): v is EnforcementLevel =>
  typeof v === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(v);

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** Parses config file text; `label` names the file in messages. */
export function parsePolicyConfig(text: string, label: string): Record<string, PolicyConfigEntry> {
  if (text.trim() === "") return {};
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`policy config ${label} is not JSON: ${(err as Error).message.split("\n")[0]}`);
  }
  // Settings go to the pack as a protobuf Struct, built and read recursively: bound the depth first.
  const deep = tooDeep(doc, MAX_VALUE_DEPTH);
  if (deep !== undefined) {
    throw new UsageError(
      `policy config ${label} nests more than ${MAX_VALUE_DEPTH} levels deep (at ${deep || "the top"}); rampart reads at most ${MAX_VALUE_DEPTH}`,
    );
  }
  if (!isObject(doc)) {
    throw new UsageError(
      `policy config ${label} must be a JSON object mapping policy names to an enforcement level or an object`,
    );
  }
  const levels = ENFORCEMENT_LEVELS.join(", ");
  const out: Record<string, PolicyConfigEntry> = {};
  for (const [name, value] of Object.entries(doc)) {
    if (typeof value === "string") {
      if (!isLevel(value))
        throw new UsageError(
          `policy config ${label}: ${name}: "${value}" is not an enforcement level (${levels})`,
        );
      out[name] = { enforcementLevel: value };
    } else if (isObject(value)) {
      const { enforcementLevel, ...properties } = value;
      if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
        throw new UsageError(
          `policy config ${label}: ${name}.enforcementLevel: ${JSON.stringify(enforcementLevel)} is not an enforcement level (${levels})`,
        );
      }
      out[name] = {
        ...(enforcementLevel !== undefined ? { enforcementLevel } : {}),
        ...(Object.keys(properties).length > 0 ? { properties } : {}),
      };
    } else {
      throw new UsageError(
        `policy config ${label}: ${name}: ${JSON.stringify(value)} is not valid; expected an enforcement level or an object`,
      );
    }
  }
  return out;
}

/** A policy config is a few KB; the limit only stops `/dev/zero` and the like. */
const MAX_POLICY_CONFIG_BYTES = 16 * 1024 * 1024;

export function readPolicyConfig(file: string): Record<string, PolicyConfigEntry> {
  return parsePolicyConfig(readBoundedText(file, MAX_POLICY_CONFIG_BYTES, "policy config"), file);
}

function applyConfig(
  result: Map<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }>,
  given: Record<string, PolicyConfigEntry>,
) {
  const all = given.all?.enforcementLevel;
  if (all) for (const v of result.values()) v.enforcementLevel = all;
  for (const [name, entry] of Object.entries(given)) {
    const target = result.get(name);
    if (!target) continue; // `all`, or unknown (rejected before)
    if (entry.enforcementLevel) target.enforcementLevel = entry.enforcementLevel;
    Object.assign(target.properties, entry.properties ?? {});
  }
}

function describeError(e: ErrorObject, props: Record<string, unknown>): string {
  const segments = e.instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (e.keyword === "required") {
    const missing = (e.params as { missingProperty: string }).missingProperty;
    return `${missing} is required`;
  }
  let value: unknown = props;
  for (const s of segments) value = (value as Record<string, unknown> | undefined)?.[s];
  const key = segments.join(".");
  const allowed =
    e.keyword === "enum"
      ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")})`
      : "";
  return `${key}: ${JSON.stringify(value)} ${e.message ?? "is invalid"}${allowed}`;
}

/** The known name closest to a typo, if it is close enough to be what was meant. */
function suggest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word, [...candidates]);
  return distance(word, best) <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** Settings in the file that no policy declares: one problem per policy, naming what it accepts. */
function unknownSettings(
  policies: readonly PolicySchemaInfo[],
  given: Record<string, PolicyConfigEntry>,
): string[] {
  const byName = new Map(policies.map((p) => [p.name, p]));
  const problems: string[] = [];
  for (const [name, entry] of Object.entries(given)) {
    const settings = Object.keys(entry.properties ?? {});
    if (settings.length === 0) continue;
    const list = settings.map((k) => `"${k}"`).join(", ");
    if (name === "all") {
      problems.push(`all: takes only an enforcementLevel (got ${list})`);
      continue;
    }
    const declared = Object.keys(byName.get(name)?.configSchema?.properties ?? {});
    if (declared.length === 0) {
      problems.push(
        `${name}: has no settings (no configSchema), so ${list} cannot apply; expected only an enforcementLevel`,
      );
      continue;
    }
    for (const k of settings.filter((s) => !declared.includes(s))) {
      const hint = suggest(k, declared);
      problems.push(
        `${name}: unknown setting "${k}"${hint ? ` (did you mean "${hint}"?)` : ""}; expected ${declared.map((d) => `"${d}"`).join(", ")} or enforcementLevel`,
      );
    }
  }
  return problems;
}

/**
 * The config to `Configure` the pack with: one entry per policy with its level and settings.
 * Throws a one-line `UsageError` naming each policy and key that is wrong.
 */
export function reconcilePolicyConfig(
  policies: readonly PolicySchemaInfo[],
  initial: Record<string, PolicyConfigEntry>,
  given: Record<string, PolicyConfigEntry>,
  label: string,
  packLabel: string,
): Map<string, ResolvedPolicyConfig> {
  const names = new Set(policies.map((p) => p.name));
  const unknown = Object.keys(given).filter((k) => k !== "all" && !names.has(k));
  if (unknown.length > 0) {
    throw new UsageError(
      `policy config ${label}: pack ${packLabel} has no policy named ${unknown.map((u) => `"${u}"`).join(", ")}`,
    );
  }
  const unknownSetting = unknownSettings(policies, given);
  if (unknownSetting.length > 0) {
    throw new UsageError(`policy config ${label}: ${unknownSetting.join("; ")}`);
  }
  const result = new Map<
    string,
    { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }
  >();
  for (const p of policies) {
    const properties: Record<string, unknown> = {};
    for (const [k, schema] of Object.entries(p.configSchema?.properties ?? {})) {
      if (isObject(schema) && "default" in schema) properties[k] = structuredClone(schema.default);
    }
    result.set(p.name, { enforcementLevel: p.enforcementLevel, properties });
  }
  applyConfig(result, initial);
  applyConfig(result, given);

  const ajv = new Ajv({ allErrors: true, strict: false });
  const problems: string[] = [];
  for (const p of policies) {
    if (!p.configSchema) continue;
    const schema = {
      type: "object",
      ...(Object.keys(p.configSchema.properties).length > 0 ? { properties: p.configSchema.properties } : {}),
      ...(p.configSchema.required.length > 0 ? { required: p.configSchema.required } : {}),
    };
    let validate;
    try {
      validate = ajv.compile(schema);
    } catch (err) {
      throw new UsageError(
        `pack ${packLabel}: policy ${p.name} has an invalid configSchema: ${(err as Error).message}`,
      );
    }
    const props = result.get(p.name)!.properties;
    if (!validate(props)) {
      for (const e of validate.errors ?? []) problems.push(`${p.name}: ${describeError(e, props)}`);
    }
  }
  if (problems.length > 0) throw new UsageError(`policy config ${label}: ${problems.join("; ")}`);
  return result;
}
