import { parse } from "yaml";
import { UNSEEN } from "./unknown";
import { asObject, at, isUnknown, knownStrings } from "./values";

/**
 * A Helm release's or chart's `values` as the chart will see them: an object as written, or a string
 * holding JSON or YAML (how values read from a file, or exported by another tool, arrive). `UNSEEN` when
 * the values are unknown during preview; undefined when there are none or they do not parse to an object.
 * `valueYamlFiles` are assets whose text a policy cannot read synchronously, so they are not seen.
 * Uses the repository's `yaml` dependency (loaded as a package, like @pulumi/policy).
 */
export function helmValues(props: Record<string, any>): Record<string, any> | typeof UNSEEN | undefined {
  const v = at(props, "values");
  if (v === UNSEEN || isUnknown(v)) return UNSEEN;
  if (typeof v !== "string") return asObject(v);
  try {
    return asObject(parse(v));
  } catch {
    return undefined;
  }
}

/** How deep policies walk a values tree (a chart's values are rarely deeper than ten levels). */
export const MAX_VALUES_DEPTH = 32;

/** The path of a key under `path` as a message names it: `values.a.b`, `values.list[0]`, `values["x.y"]`. */
export function valuesPath(path: string, key: string | number): string {
  return typeof key === "number"
    ? `${path}[${key}]`
    : /^[A-Za-z_$][\w$]*$/.test(key)
      ? `${path}.${key}`
      : `${path}["${key}"]`;
}

/**
 * The `allowedPaths` config of a Helm values policy: reviewed exceptions per chart (as written in the
 * resource's `chart`), then value path. A path allowed for one chart stays flagged for every other.
 */
export function allowedPathsSchema(example: string) {
  return {
    type: "object",
    additionalProperties: { type: "array", items: { type: "string" } },
    default: {},
    description:
      "Reviewed exceptions, per chart (as written in the resource's `chart`) then value path, e.g. " +
      `${example}. A path allowed for one chart stays flagged for every other.`,
  } as const;
}

/** The value paths `allowedPaths` excepts for `chart` (none when the chart is unknown or not listed). */
export function allowedPathsFor(config: Record<string, any>, chart: string | undefined): Set<string> {
  const perChart = asObject(config.allowedPaths) ?? {};
  return new Set(chart !== undefined ? knownStrings(perChart[chart]) : []);
}
