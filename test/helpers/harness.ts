import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import YAML from "yaml";
import { PROGRAM, PROJECT, PROJECT_ROOT } from "../../cli/plan";
import { type CapturedResource, runProgram, SECRET_SIG, SIG_KEY } from "../../cli/runtime/mockRun";

/**
 * The test harness: runs the whole stack program, or a function that builds components, under Pulumi's
 * mock runtime and returns every captured registration with queries over it.
 *
 * `setMocks` is process-global; the test runner gives each test file its own process, and each run
 * here installs a fresh recording monitor, so runs within a file do not leak into each other.
 */

export type { CapturedResource };

export class Captured {
  constructor(
    readonly resources: readonly CapturedResource[],
    readonly outputs: Record<string, unknown> = {},
    readonly error?: unknown,
  ) {}

  /** Every resource except the root stack. */
  get registered(): CapturedResource[] {
    return this.resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
  }

  ofType(type: string): CapturedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  named(name: string): CapturedResource {
    const found = this.resources.filter((r) => r.name === name);
    if (found.length !== 1) {
      throw new Error(
        `expected exactly one resource named ${name}, found ${found.length}: ${this.names().join(", ")}`,
      );
    }
    return found[0]!;
  }

  one(type: string, name?: string): CapturedResource {
    const found = this.ofType(type).filter((r) => name === undefined || r.name === name);
    if (found.length !== 1) {
      throw new Error(`expected exactly one ${type}${name ? ` named ${name}` : ""}, found ${found.length}`);
    }
    return found[0]!;
  }

  /** Direct children of a resource (by URN or name). */
  childrenOf(parent: string | CapturedResource): CapturedResource[] {
    const urn =
      typeof parent === "string" ? (parent.startsWith("urn:") ? parent : this.named(parent).urn) : parent.urn;
    return this.resources.filter((r) => r.parent === urn);
  }

  /** Every resource below a resource, at any depth. */
  descendantsOf(parent: string | CapturedResource): CapturedResource[] {
    const out: CapturedResource[] = [];
    const walk = (p: string | CapturedResource) => {
      for (const c of this.childrenOf(p)) {
        out.push(c);
        walk(c);
      }
    };
    walk(parent);
    return out;
  }

  byUrn(urn: string): CapturedResource | undefined {
    return this.resources.find((r) => r.urn === urn);
  }

  /** Resolves a `urn::id` provider reference to the provider resource. */
  providerOf(r: CapturedResource): CapturedResource | undefined {
    if (!r.provider) return undefined;
    const urn = r.provider.slice(0, r.provider.lastIndexOf("::"));
    return this.byUrn(urn);
  }

  names(): string[] {
    return this.resources.map((r) => r.name);
  }

  /** Kubernetes objects (every `kubernetes:*` custom resource but providers and Helm releases). */
  kubernetesObjects(): CapturedResource[] {
    return this.resources.filter(
      (r) => r.type.startsWith("kubernetes:") && r.custom && !r.type.startsWith("kubernetes:helm.sh/"),
    );
  }
}

/** Strips secret wrappers, for assertions on values (secrets stay secret in the export; see cli/export). */
export function plain<T = unknown>(value: unknown): T {
  if (Array.isArray(value)) return value.map((v) => plain(v)) as T;
  if (value === null || typeof value !== "object") return value as T;
  const obj = value as Record<string, unknown>;
  if (obj[SIG_KEY] === SECRET_SIG) return plain(obj.value);
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, plain(v)])) as T;
}

/** True when the value is in Pulumi's secret wire form. */
export function isSecret(value: unknown): boolean {
  return (
    value !== null && typeof value === "object" && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
  );
}

/** Parses an input that holds a JSON document (IAM and key policies), unwrapping a secret if needed. */
export function json<T = any>(value: unknown): T {
  const v = plain(value);
  if (typeof v !== "string") throw new Error(`expected a JSON string, got ${JSON.stringify(v)}`);
  return JSON.parse(v) as T;
}

/** Resolves an Output (or plain value) to its value; the one helper for outputs in tests. */
export function unwrap<T>(value: pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(value).apply((v) => resolve(v as T)));
}

export type StackName = "dev" | "prod";

/** The stack's config file as a mutable object (the `config:` map), for tests that vary it. */
export function stackConfig(stack: StackName): Record<string, any> {
  const doc = YAML.parse(fs.readFileSync(path.join(PROJECT_ROOT, `Pulumi.${stack}.yaml`), "utf8")) as {
    config: Record<string, any>;
  };
  return doc.config;
}

/** A `config:` map as the engine hands it to a program: `ns:key` -> string (objects as JSON text). */
export function flattenConfig(config: Record<string, any>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
}

export interface RunStackOptions {
  /** Edits the stack's config before the run (mutate it in place). */
  readonly edit?: (config: Record<string, any>) => void;
  /** Keys whose values are secrets. */
  readonly secretKeys?: string[];
  /** Run as a preview, where provider-computed outputs are unknown. */
  readonly preview?: boolean;
}

/** Runs the whole stack program with `Pulumi.<stack>.yaml` (optionally edited). */
export async function runStack(stack: StackName, opts: RunStackOptions = {}): Promise<Captured> {
  const config = stackConfig(stack);
  opts.edit?.(config);
  const result = await runProgram(PROGRAM, {
    project: PROJECT,
    stack,
    config: flattenConfig(config),
    secretKeys: opts.secretKeys,
    preview: opts.preview,
  });
  return new Captured(result.resources, result.outputs, result.error);
}

/** Runs the stack and fails with the program's own message if it did not complete. */
export async function runStackOk(stack: StackName, opts: RunStackOptions = {}): Promise<Captured> {
  const captured = await runStack(stack, opts);
  if (captured.error)
    throw captured.error instanceof Error ? captured.error : new Error(JSON.stringify(captured.error));
  return captured;
}

/**
 * Runs a function that creates resources (typically one component) under the mocks, with the given
 * flat config (defaults to the dev stack's), and returns what it registered.
 */
export async function runComponent(
  build: () => unknown,
  opts: { stack?: StackName; config?: Record<string, any>; preview?: boolean } = {},
): Promise<Captured> {
  const config = opts.config ?? stackConfig(opts.stack ?? "dev");
  const result = await runProgram(
    async () => {
      await build();
      return {};
    },
    { project: PROJECT, stack: opts.stack ?? "dev", config: flattenConfig(config), preview: opts.preview },
  );
  if (result.error)
    throw result.error instanceof Error ? result.error : new Error(JSON.stringify(result.error));
  return new Captured(result.resources, result.outputs);
}
