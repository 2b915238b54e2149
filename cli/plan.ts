import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { printable } from "./terminal";
import { toStackExport, type StackExport, writeExport } from "./export";
import { ProgramError, UsageError } from "./errors";
import { type CapturedResource, runProgram } from "./runtime/mockRun";
import { readStackConfig } from "./stackConfig";

/**
 * `rampart plan`: the stack program under Pulumi's mock runtime, with a stack's config, captured as
 * the engine would see it.
 */

export const PROJECT = "rampart";
export const PROJECT_ROOT = path.resolve(__dirname, "..");
export const PROGRAM = path.join(PROJECT_ROOT, "stacks", "index.ts");

export interface PlanInput {
  readonly stack: string;
  /** Config file; defaults to `Pulumi.<stack>.yaml` in the project root. */
  readonly configFile?: string;
  readonly program?: string;
}

export interface PlanResult {
  readonly stack: string;
  readonly configFile: string;
  readonly resources: CapturedResource[];
  readonly outputs: Record<string, unknown>;
  readonly export: StackExport;
}

export async function plan(input: PlanInput): Promise<PlanResult> {
  if (!/^[A-Za-z0-9_.-]+$/.test(input.stack)) {
    throw new UsageError(
      `--stack "${input.stack}" is not a stack name (expected letters, digits, ".", "_" or "-")`,
    );
  }
  const configFile = input.configFile ?? path.join(PROJECT_ROOT, `Pulumi.${input.stack}.yaml`);
  const stackConfig = readStackConfig(configFile);
  const result = await runProgram(input.program ?? PROGRAM, {
    project: PROJECT,
    stack: input.stack,
    config: stackConfig.config,
    secretKeys: stackConfig.secretKeys,
  });
  if (result.error) {
    const err = result.error;
    if (pulumi.RunError.isInstance(err)) throw new ProgramError(err.message);
    throw err instanceof Error ? err : new Error(JSON.stringify(err));
  }
  return {
    stack: input.stack,
    configFile: stackConfig.file,
    resources: result.resources,
    outputs: result.outputs,
    export: toStackExport(result.resources, {
      project: PROJECT,
      stack: input.stack,
      config: stackConfig.config,
    }),
  };
}

export function writePlanExport(file: string, result: PlanResult): void {
  writeExport(file, result.export);
}

/**
 * A readable tree: each component with its child components nested and its own resources counted by
 * type, then the totals.
 */
export function renderTree(resources: readonly CapturedResource[], exported?: StackExport): string {
  const children = new Map<string, CapturedResource[]>();
  for (const r of resources) {
    const key = r.parent ?? "";
    if (!children.has(key)) children.set(key, []);
    children.get(key)!.push(r);
  }
  const lines: string[] = [];
  const countUnder = (urn: string): number =>
    (children.get(urn) ?? []).reduce((n, c) => n + (c.custom ? 1 : 0) + countUnder(c.urn), 0);

  const walk = (node: CapturedResource, prefix: string, last: boolean, root: boolean) => {
    const total = countUnder(node.urn);
    const head = root ? "" : `${prefix}${last ? "└─ " : "├─ "}`;
    // Names and types come from the program; print them terminal-safe, as check's table does.
    lines.push(
      `${head}${printable(node.name)} (${printable(node.type)}) — ${total} resource${total === 1 ? "" : "s"}`,
    );
    const kids = children.get(node.urn) ?? [];
    const components = kids.filter((k) => !k.custom);
    const byType = new Map<string, number>();
    for (const k of kids.filter((k) => k.custom)) byType.set(k.type, (byType.get(k.type) ?? 0) + 1);
    const entries: (() => void)[] = [];
    const childPrefix = root ? "" : `${prefix}${last ? "   " : "│  "}`;
    const items = [...[...byType.entries()].sort(([a], [b]) => a.localeCompare(b)), ...components];
    items.forEach((item, i) => {
      const isLast = i === items.length - 1;
      if (Array.isArray(item)) {
        const [type, n] = item;
        entries.push(() => lines.push(`${childPrefix}${isLast ? "└─ " : "├─ "}${printable(type)} ×${n}`));
      } else {
        entries.push(() => walk(item, childPrefix, isLast, false));
      }
    });
    for (const e of entries) e();
  };

  for (const root of children.get("") ?? []) walk(root, "", true, true);
  lines.push("");
  lines.push(
    exported ? countsLine(resources, exported) : `${resources.filter((r) => r.custom).length} resources`,
  );
  return lines.join("\n");
}

/**
 * The counts of the tree, the export and the check side by side, with what makes them differ: the tree
 * counts resources (custom, explicit providers included) and components; the export adds the stack and
 * the default providers the engine makes explicit; the check analyzes every entry but the providers (and
 * pending deletions), stack and components included, as the engine's `pulumi policy analyze` does.
 */
export function countsLine(resources: readonly CapturedResource[], exported: StackExport): string {
  const custom = resources.filter((r) => r.custom).length;
  const components = resources.filter((r) => !r.custom && r.type !== "pulumi:pulumi:Stack").length;
  const entries = exported.deployment.resources;
  const providers = entries.filter((r) => r.type.startsWith("pulumi:providers:")).length;
  const defaults = entries.length - resources.length;
  const analyzed = entries.length - providers;
  const plural = (n: number, one: string, many = `${one}s`) =>
    `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
  return (
    `${plural(custom, "resource")} in ${plural(components, "component")}; the export holds ${plural(entries.length, "entry", "entries")} ` +
    `(those, the stack and ${plural(defaults, "default provider")}); check analyzes ${analyzed.toLocaleString("en-US")}: ` +
    `every entry but the ${plural(providers, "provider")}`
  );
}
