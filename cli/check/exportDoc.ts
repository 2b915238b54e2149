import { UsageError } from "../errors";
import { DEFAULT_MAX_EXPORT_MB, readBoundedText } from "../input";

/**
 * Reads a `pulumi stack export` document (an `apitype.UntypedDeployment`) and checks the shape that
 * analysis depends on, so that every bad input is one clear line rather than a failure deep inside.
 *
 * Versions 1 to 4 are the ones Pulumi reads (stack.DeploymentSchemaVersionOldestSupported ..
 * DeploymentSchemaVersionLatest); their resource fields differ only in ones we do not use. Version 4 is
 * version 3's shape plus a top-level `features` list, written only when a feature is in use; Pulumi
 * refuses a feature it does not know, and so do we (a feature may change what a field means).
 * The self-managed backend's checkpoint files (`.pulumi/stacks/<stack>.json`) hold the same deployment
 * as `{"version", "features"?, "checkpoint": {"stack", "latest": <deployment>}}` and are read the same way.
 * @see https://github.com/pulumi/pulumi/blob/master/sdk/go/common/apitype/core.go (DeploymentV3, ResourceV3)
 * @see https://github.com/pulumi/pulumi/blob/master/pkg/resource/stack/deployment.go (UnmarshalUntypedDeployment, supportedFeatures)
 * @see https://github.com/pulumi/pulumi/blob/master/pkg/resource/stack/checkpoint.go (UnmarshalVersionedCheckpointToLatestCheckpoint)
 */

export const OLDEST_VERSION = 1;
export const CURRENT_VERSION = 4;

/** The version-4 features Pulumi's reader supports; none changes a field that analysis reads. */
export const KNOWN_FEATURES: readonly string[] = ["refreshBeforeUpdate", "views", "hooks", "taint"];

/**
 * How deep a resource's property values may nest. Real state nests a few dozen levels at most (a CRD's
 * OpenAPI schema inside a Helm release's values); the limit keeps every recursive reader, ours and the
 * pack's protobuf decoder, far from the stack's end.
 */
export const MAX_VALUE_DEPTH = 128;

/** One resource of the checkpoint, as the engine's `resource.State` holds it. */
export interface StateResource {
  readonly urn: string;
  readonly type: string;
  /** The URN's last component (`URN.Name()`). */
  readonly name: string;
  readonly custom: boolean;
  readonly id?: string;
  /** Pending deletion (`delete: true`): the engine never analyzes these. */
  readonly delete: boolean;
  readonly inputs: Record<string, unknown>;
  readonly outputs: Record<string, unknown>;
  readonly parent?: string;
  readonly protect: boolean;
  /** `urn::id` of the provider resource. */
  readonly provider?: string;
  readonly dependencies: string[];
  readonly propertyDependencies: Record<string, string[]>;
  readonly aliases: string[];
  readonly ignoreChanges: string[];
  readonly additionalSecretOutputs: string[];
  readonly deleteBeforeReplace?: boolean;
  /** Seconds, as the Analyzer protocol carries them. */
  readonly customTimeouts: { create: number; update: number; delete: number };
}

export interface LoadedExport {
  /** The path as given, for messages and SARIF locations. */
  readonly file?: string;
  /** The file's text, to locate resources by line (SARIF). */
  readonly text?: string;
  readonly version: number;
  readonly resources: StateResource[];
  /** From the root stack's URN (or the first resource's), for `ConfigureStack`. */
  readonly stack?: string;
  readonly project?: string;
  /** Oddities worth a line on stderr that do not stop the check (exportWarnings). */
  readonly warnings?: readonly string[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** What a JSON value is, for "expected X, got Y" messages. */
export function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  if (typeof v === "string") return `the string ${quoted(v)}`;
  if (typeof v === "number" || typeof v === "boolean") return `${typeof v} ${v}`;
  return typeof v;
}

/** A value from the file, JSON-quoted (control characters escaped) and cut to a readable length. */
function quoted(v: string): string {
  return JSON.stringify(v.length > 200 ? `${v.slice(0, 200)}...` : v);
}

/**
 * Where `value` nests more than `max` levels (an object or array is one level), as a path like
 * `.spec[0].values`, or undefined. Iterative, so that a hostile depth cannot overflow the stack here.
 */
export function tooDeep(value: unknown, max: number): string | undefined {
  const stack: [unknown, number][] = [[value, 0]];
  let found = false;
  while (stack.length > 0 && !found) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth + 1 > max) found = true;
    else
      for (const c of Object.values(v)) if (c !== null && typeof c === "object") stack.push([c, depth + 1]);
  }
  if (!found) return undefined;
  // Found: the path, by a search whose recursion is bounded by `max`.
  const path = (v: unknown, depth: number): string[] | undefined => {
    if (v === null || typeof v !== "object") return undefined;
    if (depth + 1 > max) return [];
    for (const [k, c] of Object.entries(v)) {
      const rest = path(c, depth + 1);
      if (rest)
        return [Array.isArray(v) ? `[${k}]` : `.${k.length > 40 ? `${k.slice(0, 40)}...` : k}`, ...rest];
    }
    return undefined;
  };
  const parts = path(value, 0) ?? [];
  return parts.length > 6 ? `${parts.slice(0, 6).join("")}...` : parts.join("");
}

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>` → its parts, or undefined if malformed. */
export function parseUrn(
  urn: string,
): { stack: string; project: string; type: string; name: string } | undefined {
  if (!urn.startsWith("urn:pulumi:")) return undefined;
  const parts = urn.slice("urn:pulumi:".length).split("::");
  if (parts.length < 4) return undefined;
  const [stack, project, qualifiedType, ...rest] = parts;
  const type = qualifiedType!.split("$").pop()!;
  return { stack: stack!, project: project!, type, name: rest.join("::") };
}

/** Parses a Go duration (`"10m"`, `"1h30m"`, `"45s"`) or a number of seconds; 0 when absent or unreadable. */
export function timeoutSeconds(v: unknown): number {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v !== "string" || v === "") return 0;
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 1e-6, µs: 1e-6, ns: 1e-9 };
  let total = 0;
  let rest = v;
  while (rest.length > 0) {
    const m = /^(\d+(?:\.\d+)?)(h|ms|us|µs|ns|m|s)/.exec(rest);
    if (!m) return 0;
    total += Number(m[1]) * units[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return total;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

function normalizeResource(raw: unknown, index: number, file: string): StateResource {
  const where = `${file}: resource #${index + 1}`;
  if (!isObject(raw)) throw new UsageError(`${where} is not an object (got ${kindOf(raw)})`);
  if (raw.urn === undefined || raw.urn === "") throw new UsageError(`${where} has no "urn"`);
  if (typeof raw.urn !== "string")
    throw new UsageError(`${where} has a "urn" that is not a string (got ${kindOf(raw.urn)})`);
  const urn = raw.urn.length > 300 ? `${raw.urn.slice(0, 300)}...` : raw.urn;
  if (raw.type === undefined || raw.type === "") throw new UsageError(`${where} (${urn}) has no "type"`);
  if (typeof raw.type !== "string")
    throw new UsageError(`${where} (${urn}) has a "type" that is not a string (got ${kindOf(raw.type)})`);
  const parsed = parseUrn(raw.urn);
  if (!parsed) throw new UsageError(`${where} has a malformed URN "${urn}"`);
  for (const key of ["inputs", "outputs"] as const) {
    const deep = tooDeep(raw[key], MAX_VALUE_DEPTH);
    if (deep !== undefined) {
      throw new UsageError(
        `${where} (${urn}) has ${key} nested more than ${MAX_VALUE_DEPTH} levels deep (at ${key}${deep}); rampart reads at most ${MAX_VALUE_DEPTH}`,
      );
    }
  }
  const propertyDependencies: Record<string, string[]> = {};
  if (isObject(raw.propertyDependencies)) {
    for (const [k, v] of Object.entries(raw.propertyDependencies)) propertyDependencies[k] = strings(v);
  }
  const ct = isObject(raw.customTimeouts) ? raw.customTimeouts : {};
  return {
    urn: raw.urn,
    type: raw.type,
    name: parsed.name,
    custom: raw.custom === true,
    id: typeof raw.id === "string" && raw.id !== "" ? raw.id : undefined,
    delete: raw.delete === true,
    inputs: isObject(raw.inputs) ? raw.inputs : {},
    outputs: isObject(raw.outputs) ? raw.outputs : {},
    parent: typeof raw.parent === "string" && raw.parent !== "" ? raw.parent : undefined,
    protect: raw.protect === true,
    provider: typeof raw.provider === "string" && raw.provider !== "" ? raw.provider : undefined,
    dependencies: strings(raw.dependencies),
    propertyDependencies,
    aliases: strings(raw.aliases),
    ignoreChanges: strings(raw.ignoreChanges),
    additionalSecretOutputs: strings(raw.additionalSecretOutputs),
    deleteBeforeReplace: typeof raw.deleteBeforeReplace === "boolean" ? raw.deleteBeforeReplace : undefined,
    customTimeouts: {
      create: timeoutSeconds(ct.create),
      update: timeoutSeconds(ct.update),
      delete: timeoutSeconds(ct.delete),
    },
  };
}

/**
 * The deployment inside a document: a `pulumi stack export` (`{"version", "deployment"}`) or a
 * self-managed backend's checkpoint file (`{"version", "checkpoint": {"latest"}}`), with its version.
 */
function unwrapDeployment(doc: unknown, label: string): { version: number; deployment: unknown } {
  const notExport = () =>
    new UsageError(
      `${label} is not a stack export (expected {"version": 3, "deployment": {...}} as written by \`pulumi stack export\`)`,
    );
  if (!isObject(doc) || !("version" in doc)) throw notExport();
  const isCheckpoint = !("deployment" in doc) && "checkpoint" in doc;
  if (!("deployment" in doc) && !isCheckpoint) throw notExport();
  const version = doc.version;
  if (typeof version !== "number" || !Number.isInteger(version)) {
    throw new UsageError(`${label} has a "version" that is not a whole number (got ${kindOf(version)})`);
  }
  if (version < OLDEST_VERSION || version > CURRENT_VERSION) {
    throw new UsageError(
      `${label} has deployment version ${version}; rampart check reads versions ${OLDEST_VERSION} to ${CURRENT_VERSION}`,
    );
  }
  if (version >= 4) {
    const features = doc.features ?? [];
    if (!Array.isArray(features) || features.some((f) => typeof f !== "string")) {
      throw new UsageError(`${label} has "features" that is not a list of names (got ${kindOf(features)})`);
    }
    const unknown = (features as string[]).filter((f) => !KNOWN_FEATURES.includes(f));
    if (unknown.length > 0) {
      throw new UsageError(
        `${label} uses deployment features rampart does not know: ${unknown.map(quoted).join(", ")} (known: ${KNOWN_FEATURES.join(", ")}); Pulumi refuses unknown features too`,
      );
    }
  }
  if (!isCheckpoint) return { version, deployment: doc.deployment };
  const checkpoint = doc.checkpoint;
  if (!isObject(checkpoint)) {
    throw new UsageError(`${label} has a "checkpoint" that is not an object (got ${kindOf(checkpoint)})`);
  }
  // A stack that was never deployed has no `latest`: it holds no resources.
  return { version, deployment: checkpoint.latest ?? { resources: [] } };
}

/** Validates a parsed export document; `label` names it in messages. */
export function parseExport(doc: unknown, label: string, text?: string): LoadedExport {
  const { version, deployment } = unwrapDeployment(doc, label);
  if (!isObject(deployment)) {
    throw new UsageError(`${label} has a deployment that is not an object (got ${kindOf(deployment)})`);
  }
  const rawResources = deployment.resources ?? [];
  if (!Array.isArray(rawResources)) {
    throw new UsageError(`${label} has "resources" that is not a list (got ${kindOf(rawResources)})`);
  }
  const resources = rawResources.map((r, i) => normalizeResource(r, i, label));
  const root = resources.find((r) => r.type === "pulumi:pulumi:Stack") ?? resources[0];
  const parts = root ? parseUrn(root.urn) : undefined;
  return {
    text,
    version,
    resources,
    stack: parts?.stack,
    project: parts?.project,
    warnings: exportWarnings(resources, label),
  };
}

/**
 * What is odd in an export but does not stop a check (the engine would refuse or repair it on the next
 * update): an empty export, two live resources with one URN (the engine keys state by URN; only a
 * pending deletion may share it), a parent or provider that is not in the export. At most a few of each.
 */
export function exportWarnings(resources: readonly StateResource[], label: string): string[] {
  const warnings: string[] = [];
  const live = resources.filter((r) => !r.delete);
  if (live.every((r) => r.type === "pulumi:pulumi:Stack")) {
    warnings.push(
      `${label} holds no resources${live.length === 1 ? " but the stack itself" : ""}: there is nothing to check (was the stack ever deployed?)`,
    );
  }
  const urns = new Set(resources.map((r) => r.urn));
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const r of live) (seen.has(r.urn) ? duplicates : seen).add(r.urn);
  const some = (items: string[]) =>
    items.length > 3 ? `${items.slice(0, 3).join(", ")} and ${items.length - 3} more` : items.join(", ");
  if (duplicates.size > 0) {
    warnings.push(
      `${label} has ${duplicates.size} URN${duplicates.size === 1 ? "" : "s"} held by more than one live resource: ${some([...duplicates].map(quoted))}`,
    );
  }
  const danglingParents = [
    ...new Set(resources.flatMap((r) => (r.parent && !urns.has(r.parent) ? [r.parent] : []))),
  ];
  if (danglingParents.length > 0) {
    warnings.push(
      `${label} names ${danglingParents.length} parent${danglingParents.length === 1 ? "" : "s"} that ${danglingParents.length === 1 ? "is" : "are"} not in it: ${some(danglingParents.map(quoted))}`,
    );
  }
  const danglingProviders = [
    ...new Set(
      resources.flatMap((r) => {
        if (!r.provider) return [];
        const urn = r.provider.slice(0, r.provider.lastIndexOf("::"));
        return urns.has(urn) ? [] : [r.provider];
      }),
    ),
  ];
  if (danglingProviders.length > 0) {
    warnings.push(
      `${label} names ${danglingProviders.length} provider${danglingProviders.length === 1 ? "" : "s"} that ${danglingProviders.length === 1 ? "is" : "are"} not in it: ${some(danglingProviders.map(quoted))}`,
    );
  }
  return warnings;
}

export interface ReadExportOptions {
  /** The size limit in bytes (default {@link DEFAULT_MAX_EXPORT_MB} MB). */
  readonly maxBytes?: number;
}

/** Reads and validates an export file. Every failure is a `UsageError` with one line. */
export function readExport(file: string, opts: ReadExportOptions = {}): LoadedExport {
  const text = readBoundedText(
    file,
    opts.maxBytes ?? DEFAULT_MAX_EXPORT_MB * 1024 * 1024,
    "stack export",
    "raise it with --max-export-mb N",
  );
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file} is not JSON: ${(err as Error).message.split("\n")[0]}`);
  }
  return { ...parseExport(doc, file, text), file };
}
