import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UsageError } from "./errors";
import { analyzeExport } from "./check/analyze";
import { type LoadedExport, readExport } from "./check/exportDoc";
import { renderJson } from "./check/format/json";
import { renderSarif } from "./check/format/sarif";
import { renderTable, summaryLine } from "./check/format/table";
import { type CheckReport, summarize } from "./check/model";
import { readPolicyConfig } from "./check/policyConfig";

/**
 * `rampart check`: a stack's resources (a `pulumi stack export`, or what `plan` captured) sent to a
 * CrossGuard policy pack over the Analyzer protocol, and the verdict rendered as a table, JSON or SARIF.
 */

export const FORMATS = ["table", "json", "sarif"] as const;
export type Format = (typeof FORMATS)[number];

export const DEFAULT_PACK = path.resolve(__dirname, "..", "policy-pack");
export const DEFAULT_TIMEOUT_S = 120;

/** Resources that make a further pack process worth its start-up (CPU time and memory of its own). */
export const RESOURCES_PER_JOB = 2000;

/**
 * Pack processes by default: one per {@link RESOURCES_PER_JOB} resources, at most one per core and at
 * most 4 (each is a single-threaded policy server). One pack answers a stack of a few hundred resources
 * in less time than a second pack takes to start, so there a second pack only adds its start-up
 * (figures: README "Benchmarks", `npm run bench -- plan` and `npm run bench -- policies`).
 */
export function defaultJobs(resources: number, cores = os.availableParallelism()): number {
  return Math.max(1, Math.min(4, cores, Math.ceil(resources / RESOURCES_PER_JOB)));
}

export interface CheckOptions {
  /** The resources: an export already read (plan), or a file to read. */
  readonly export: LoadedExport | string;
  readonly packDir?: string;
  readonly policyConfigFile?: string;
  readonly jobs?: number;
  readonly timeoutSeconds?: number;
  readonly dryRun?: boolean;
  /** Called as resources are answered (the progress line). */
  readonly onProgress?: (done: number, total: number) => void;
}

export async function check(opts: CheckOptions): Promise<CheckReport> {
  // Read every input before starting a pack: bad input fails fast, with one line.
  const doc = typeof opts.export === "string" ? readExport(opts.export) : opts.export;
  const policyConfig = opts.policyConfigFile
    ? { file: opts.policyConfigFile, entries: readPolicyConfig(opts.policyConfigFile) }
    : undefined;
  const { report } = await analyzeExport({
    export: doc,
    packDir: opts.packDir ?? DEFAULT_PACK,
    policyConfig,
    jobs: opts.jobs ?? defaultJobs(doc.resources.length),
    timeoutMs: (opts.timeoutSeconds ?? DEFAULT_TIMEOUT_S) * 1000,
    dryRun: opts.dryRun,
    onProgress: opts.onProgress,
  });
  return report;
}

export function render(report: CheckReport, format: Format): string {
  switch (format) {
    case "table":
      return renderTable(report);
    case "json":
      return renderJson(report);
    case "sarif":
      return renderSarif(report);
  }
}

export function exitCodeOf(report: CheckReport): number {
  return summarize(report).mandatory > 0 ? 1 : 0;
}

export { summaryLine };

export function parseFormat(value: string | undefined, command: string): Format {
  const f = value ?? "table";
  if (!(FORMATS as readonly string[]).includes(f)) {
    throw new UsageError(`${command}: --format must be one of ${FORMATS.join(", ")} (got "${f}")`);
  }
  return f as Format;
}

export function parsePositiveInt(value: string | undefined, flag: string, command: string, max: number) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new UsageError(`${command}: ${flag} must be a whole number from 1 to ${max} (got "${value}")`);
  }
  return n;
}

/** Writes the report to `out` (creating its folder) or returns it for stdout. */
export function writeReport(text: string, out: string): void {
  try {
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    fs.writeFileSync(out, text);
  } catch (err) {
    throw new UsageError(
      `cannot write ${out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}
