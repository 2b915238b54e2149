import * as fs from "node:fs";
import * as path from "node:path";
import type { CapturedResource } from "./runtime/mockRun";
import { RESOURCE_REF_SIG, SECRET_SIG, SIG_KEY } from "./sdk/pulumiInternals";

/**
 * Builds a `pulumi stack export` document (deployment version 3) from captured registrations, the way
 * the engine would checkpoint them after `pulumi up`: default providers made explicit, every custom
 * resource pointing at its provider by `urn::id`, secrets in their signature form with no plaintext.
 */

/** Stands in for ciphertext: `plan` has no secrets provider and never holds a real secret. */
export const PLACEHOLDER_CIPHERTEXT = "rampart-plan:redacted";

export interface ExportResource {
  urn: string;
  custom: boolean;
  id?: string;
  type: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  parent?: string;
  protect?: boolean;
  provider?: string;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
  additionalSecretOutputs?: string[];
  aliases?: string[];
  /** Seconds, as the engine checkpoints them (`resource.CustomTimeouts` holds float64 seconds). */
  customTimeouts?: { create?: number; update?: number; delete?: number };
  retainOnDelete?: boolean;
  deleteBeforeReplace?: boolean;
  ignoreChanges?: string[];
  created?: string;
  modified?: string;
}

export interface StackExport {
  version: 3;
  deployment: {
    manifest: { time: string; magic: string; version: string };
    resources: ExportResource[];
  };
}

/** Replaces every secret's plaintext by a placeholder ciphertext, as `pulumi stack export` does. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== "object") return value;
  const obj = value as Record<string, unknown>;
  if (obj[SIG_KEY] === SECRET_SIG) return { [SIG_KEY]: SECRET_SIG, ciphertext: PLACEHOLDER_CIPHERTEXT };
  if (obj[SIG_KEY] === RESOURCE_REF_SIG) return obj;
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, redactSecrets(v)]));
}

const DURATION_UNITS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/**
 * A Go duration string as the SDKs take custom timeouts ("5m", "1h30m", "45s") in seconds, or undefined
 * when it is not one.
 */
export function durationSeconds(text: string | undefined): number | undefined {
  if (text === undefined || !/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g))
    total += Number(m[1]) * DURATION_UNITS[m[2]!]!;
  return total;
}

function timeoutsInSeconds(t: CapturedResource["customTimeouts"]): ExportResource["customTimeouts"] {
  if (!t) return undefined;
  const out: NonNullable<ExportResource["customTimeouts"]> = {};
  for (const op of ["create", "update", "delete"] as const) {
    const seconds = durationSeconds(t[op]);
    if (seconds !== undefined && seconds > 0) out[op] = seconds;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The SDK version of `@pulumi/<pkg>` installed here, for naming default providers like the engine. */
function installedVersion(pkg: string): string | undefined {
  try {
    const file = require.resolve(`@pulumi/${pkg}/package.json`);
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>` */
export function makeUrn(stack: string, project: string, type: string, name: string): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

export interface ExportOptions {
  readonly project: string;
  readonly stack: string;
  /** The stack's flat config; a default provider's inputs are its package's config keys. */
  readonly config: Readonly<Record<string, string>>;
  readonly now?: Date;
}

export function toStackExport(captured: readonly CapturedResource[], opts: ExportOptions): StackExport {
  const time = (opts.now ?? new Date()).toISOString();
  const defaults = new Map<string, ExportResource>();
  const resources: ExportResource[] = [];

  const defaultProvider = (pkg: string, version: string | undefined): string => {
    const v = version ?? installedVersion(pkg) ?? "0.0.0";
    const name = `default_${v.replace(/[.-]/g, "_")}`;
    const urn = makeUrn(opts.stack, opts.project, `pulumi:providers:${pkg}`, name);
    if (!defaults.has(urn)) {
      const inputs: Record<string, unknown> = { version: v };
      for (const [key, value] of Object.entries(opts.config)) {
        if (key.startsWith(`${pkg}:`)) inputs[key.slice(pkg.length + 1)] = value;
      }
      defaults.set(urn, {
        urn,
        custom: true,
        id: `${name}-provider-id`,
        type: `pulumi:providers:${pkg}`,
        inputs,
        outputs: inputs,
        created: time,
        modified: time,
      });
    }
    return `${urn}::${defaults.get(urn)!.id!}`;
  };

  for (const r of captured) {
    const isProvider = r.type.startsWith("pulumi:providers:");
    let provider = r.provider;
    if (r.custom && !isProvider && !provider)
      provider = defaultProvider(r.type.split(":")[0]!, r.packageVersion);
    const out: ExportResource = {
      urn: r.urn,
      custom: r.custom,
      ...(r.custom ? { id: r.id ?? "" } : {}),
      type: r.type,
      inputs: redactSecrets(r.inputs) as Record<string, unknown>,
      outputs: redactSecrets(r.outputs) as Record<string, unknown>,
      ...(r.parent ? { parent: r.parent } : {}),
      ...(r.protect ? { protect: true } : {}),
      ...(provider ? { provider } : {}),
      dependencies: [...new Set(r.dependencies)],
      propertyDependencies: r.propertyDependencies,
      ...(r.additionalSecretOutputs.length ? { additionalSecretOutputs: r.additionalSecretOutputs } : {}),
      ...(r.aliases.length ? { aliases: r.aliases } : {}),
      ...(timeoutsInSeconds(r.customTimeouts) ? { customTimeouts: timeoutsInSeconds(r.customTimeouts) } : {}),
      ...(r.retainOnDelete ? { retainOnDelete: true } : {}),
      ...(r.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}),
      ...(r.ignoreChanges.length ? { ignoreChanges: r.ignoreChanges } : {}),
      created: time,
      modified: time,
    };
    resources.push(out);
  }

  // The engine checkpoints the stack first and a provider before the resources that use it.
  const stackIndex = resources.findIndex((r) => r.type === "pulumi:pulumi:Stack");
  const stackRes = stackIndex >= 0 ? resources.splice(stackIndex, 1) : [];
  const providers = [...defaults.values()];
  return {
    version: 3,
    deployment: {
      manifest: {
        time,
        magic: "",
        version: `rampart-plan (@pulumi/pulumi ${installedVersion("pulumi") ?? "unknown"})`,
      },
      resources: [...stackRes, ...providers, ...resources],
    },
  };
}

export function writeExport(file: string, doc: StackExport): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
}
