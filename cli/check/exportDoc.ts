import * as fs from "node:fs";
import { UsageError } from "../errors";

/**
 * Reads a `pulumi stack export` document (an `apitype.UntypedDeployment`) and checks the shape that
 * analysis depends on, so that every bad input is one clear line rather than a failure deep inside.
 *
 * Versions 1 to 3 are the ones `pulumi stack import` still reads (apitype.DeploymentSchemaVersionOldestSupported
 * .. DeploymentSchemaVersionCurrent); their resource fields differ only in ones we do not use.
 * @see https://github.com/pulumi/pulumi/blob/master/sdk/go/common/apitype/core.go (DeploymentV3, ResourceV3)
 */

export const OLDEST_VERSION = 1;
export const CURRENT_VERSION = 3;

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
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

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
  if (!isObject(raw)) throw new UsageError(`${where} is not an object`);
  if (typeof raw.urn !== "string" || raw.urn === "") throw new UsageError(`${where} has no "urn"`);
  if (typeof raw.type !== "string" || raw.type === "")
    throw new UsageError(`${where} (${raw.urn}) has no "type"`);
  const parsed = parseUrn(raw.urn);
  if (!parsed) throw new UsageError(`${where} has a malformed URN "${raw.urn}"`);
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

/** Validates a parsed export document; `label` names it in messages. */
export function parseExport(doc: unknown, label: string, text?: string): LoadedExport {
  const notExport = () =>
    new UsageError(
      `${label} is not a stack export (expected {"version": 3, "deployment": {...}} as written by \`pulumi stack export\`)`,
    );
  if (!isObject(doc) || !("deployment" in doc) || !("version" in doc)) throw notExport();
  const version = doc.version;
  if (typeof version !== "number" || !Number.isInteger(version)) throw notExport();
  if (version < OLDEST_VERSION || version > CURRENT_VERSION) {
    throw new UsageError(
      `${label} has deployment version ${version}; rampart check reads versions ${OLDEST_VERSION} to ${CURRENT_VERSION}`,
    );
  }
  const deployment = doc.deployment;
  if (!isObject(deployment)) throw notExport();
  const rawResources = deployment.resources ?? [];
  if (!Array.isArray(rawResources)) throw notExport();
  const resources = rawResources.map((r, i) => normalizeResource(r, i, label));
  const root = resources.find((r) => r.type === "pulumi:pulumi:Stack") ?? resources[0];
  const parts = root ? parseUrn(root.urn) : undefined;
  return { text, version, resources, stack: parts?.stack, project: parts?.project };
}

/** Reads and validates an export file. Every failure is a `UsageError` with one line. */
export function readExport(file: string): LoadedExport {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UsageError(`stack export ${file} does not exist`);
    throw new UsageError(`cannot read stack export ${file}: ${code ?? (err as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file} is not JSON: ${(err as Error).message.split("\n")[0]}`);
  }
  return { ...parseExport(doc, file, text), file };
}
