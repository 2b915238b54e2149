import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
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
export function renderTree(resources: readonly CapturedResource[]): string {
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
    lines.push(`${head}${node.name} (${node.type}) — ${total} resource${total === 1 ? "" : "s"}`);
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
        entries.push(() => lines.push(`${childPrefix}${isLast ? "└─ " : "├─ "}${type} ×${n}`));
      } else {
        entries.push(() => walk(item, childPrefix, isLast, false));
      }
    });
    for (const e of entries) e();
  };

  for (const root of children.get("") ?? []) walk(root, "", true, true);
  const custom = resources.filter((r) => r.custom).length;
  const components = resources.filter((r) => !r.custom && r.type !== "pulumi:pulumi:Stack").length;
  lines.push("");
  lines.push(`${custom} resources in ${components} components`);
  return lines.join("\n");
}
