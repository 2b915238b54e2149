import * as fs from "node:fs";
import * as path from "node:path";
import type { ParseArgsConfig } from "node:util";
import {
  check,
  DEFAULT_PACK,
  exitCodeOf,
  type Format,
  parseFormat,
  parsePositiveInt,
  render,
  summaryLine,
  writeReport,
} from "./check";
import { type LoadedExport, parseExport, readExport } from "./check/exportDoc";
import type { CheckReport } from "./check/model";
import { EXIT_OK, EXIT_USAGE, parseStrict, ProgramError, UsageError } from "./errors";
import { DEFAULT_MAX_EXPORT_MB, MAX_EXPORT_MB_LIMIT } from "./input";
import { MODEL_USAGE, runModel } from "./model/command";
import { progress } from "./progress";
import { environmentOfStack } from "../stacks/config/prod";
import { printable } from "./verify/format";
import {
  parseVerifyFormat,
  renderVerify,
  renderVerifyTable,
  verify,
  verifyExitCode,
  verifySummaryLine,
} from "./verify";

const COMMAND_USAGE = {
  plan: `  rampart plan  --stack <name> [--config FILE] [--policy-config FILE] [--format table|json|sarif] [--out FILE]
                [--export-out FILE] [--jobs N] [--timeout SECONDS]`,
  check: `  rampart check --export FILE [--policy-pack DIR] [--policy-config FILE] [--format table|json|sarif] [--out FILE]
                [--jobs N] [--timeout SECONDS] [--max-export-mb N]`,
  verify: `  rampart verify --export FILE [--flows FILE] [--access FILE] [--images FILE] [--cluster FILE] [--rbac FILE] [--keep-defaults]
                [--format table|json] [--out FILE] [--max-export-mb N]`,
  model: MODEL_USAGE,
};
const USAGE = `usage:\n${Object.values(COMMAND_USAGE).join("\n")}`;
const usageOf = (command: keyof typeof COMMAND_USAGE) =>
  `usage:\n${COMMAND_USAGE[command]}\n(${command === "model" ? "docs/MODEL-MANIFEST.md" : `the README's "The offline gate"`} explains each flag)`;

/** Upper bounds for --jobs and --timeout. */
const MAX_JOBS = 32;
const MAX_TIMEOUT_S = 3600;

export interface Io {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  /** Whether stderr is a terminal: only then is a progress line drawn (default: false). */
  readonly stderrIsTTY?: boolean;
  /** How long a check runs before the progress line appears (default 1 s). */
  readonly progressDelayMs?: number;
}

const defaultIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stderrIsTTY: process.stderr.isTTY === true,
};

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * Joins `--flag -5` into `--flag=-5` for a flag that takes a value, so that a negative number reaches
 * the flag's own check ("must be a whole number from 1 to ...") instead of parseArgs' "ambiguous".
 */
function joinNegativeValues(argv: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = arg.startsWith("--") ? arg.slice(2) : undefined;
    const next = argv[i + 1];
    if (name && options[name]?.type === "string" && next !== undefined && /^-\d|^-\.\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

function parse(command: string, argv: string[], options: Options) {
  const parsed = parseStrict(command, {
    args: joinNegativeValues(argv, options),
    options,
    allowPositionals: false,
  });
  return parsed.values;
}

/** Reads `--export` with its size limit (`--max-export-mb`). */
function readExportFlag(file: string, maxMb: string | undefined, command: string): LoadedExport {
  const mb =
    parsePositiveInt(maxMb, "--max-export-mb", command, MAX_EXPORT_MB_LIMIT) ?? DEFAULT_MAX_EXPORT_MB;
  return readExport(file, { maxBytes: mb * 1024 * 1024 });
}

/** Warnings about the export, one line each, printed once there is a verdict (exit 2 stays one line). */
function warn(doc: LoadedExport, io: Io): void {
  for (const w of doc.warnings ?? []) io.stderr(`rampart: warning: ${printable(w)}\n`);
}

/** Refuses an output path that is a directory before the work that would be written there. */
function checkWritable(file: string | undefined, flag: string, command: string): void {
  if (file === undefined) return;
  let isDir = false;
  try {
    isDir = fs.statSync(file).isDirectory();
  } catch {
    // Does not exist yet: it will be created, with its folder.
  }
  if (isDir) throw new UsageError(`${command}: ${flag} ${file} is a directory (expected a file to write)`);
}

const checkFlags = {
  "policy-config": { type: "string" },
  format: { type: "string" },
  out: { type: "string" },
  jobs: { type: "string" },
  timeout: { type: "string" },
} as const;

interface CheckFlags {
  "max-export-mb"?: string;
  "policy-config"?: string;
  format?: string;
  out?: string;
  jobs?: string;
  timeout?: string;
}

/** Runs a check with a progress line on a terminal's stderr, erased when it ends either way. */
async function withProgress<T>(
  io: Io,
  run: (onProgress: (done: number, total: number) => void) => Promise<T>,
): Promise<T> {
  const line = progress({ write: io.stderr, isTTY: io.stderrIsTTY === true, delayMs: io.progressDelayMs });
  try {
    return await run((done, total) => line.update(done, total));
  } finally {
    line.clear();
  }
}

/** Prints the report to `--out` (and a summary line for people on stdout), or to stdout. */
function emit(report: CheckReport, format: Format, out: string | undefined, io: Io): void {
  const text = render(report, format);
  if (out) {
    writeReport(text, out);
    io.stdout(`${summaryLine(report)}\nwrote ${format} report to ${out}\n`);
  } else {
    io.stdout(text);
  }
}

async function runPlan(argv: string[], io: Io): Promise<number> {
  const values = parse("plan", argv, {
    stack: { type: "string" },
    config: { type: "string" },
    "export-out": { type: "string" },
    ...checkFlags,
  }) as { stack?: string; config?: string; "export-out"?: string } & CheckFlags;
  if (!values.stack) throw new UsageError("plan: --stack is required (e.g. --stack dev)");
  const format = parseFormat(values.format, "plan");
  const jobs = parsePositiveInt(values.jobs, "--jobs", "plan", MAX_JOBS);
  const timeoutSeconds = parsePositiveInt(values.timeout, "--timeout", "plan", MAX_TIMEOUT_S);
  checkWritable(values["export-out"], "--export-out", "plan");
  checkWritable(values.out, "--out", "plan");
  // Human-readable lines go to stderr when stdout carries JSON or SARIF.
  const say = format !== "table" && !values.out ? io.stderr : io.stdout;

  // Loaded only for `plan`: it brings the Pulumi SDK and the whole program (time and memory), which
  // `check` has no use for.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { plan, PROJECT_ROOT, renderTree, writePlanExport } = require("./plan") as typeof import("./plan");
  const result = await plan({ stack: values.stack, configFile: values.config });
  say(`stack ${result.stack} (${result.configFile})\n${renderTree(result.resources, result.export)}\n`);
  const exportOut = values["export-out"];
  if (exportOut) {
    writePlanExport(exportOut, result);
    say(`wrote stack export to ${exportOut}\n`);
  }

  // Our pack, with the stack's policy config when it has one (policy-pack/config/<stack>.json).
  const defaultConfig = path.join(
    PROJECT_ROOT,
    "policy-pack",
    "config",
    `${environmentOfStack(result.stack) ?? result.stack}.json`,
  );
  const policyConfigFile =
    values["policy-config"] ??
    (fs.existsSync(defaultConfig) ? path.relative(process.cwd(), defaultConfig) : undefined);
  const source = exportOut ?? path.relative(process.cwd(), result.configFile);
  const text = exportOut ? fs.readFileSync(exportOut, "utf8") : undefined;
  const doc = { ...parseExport(result.export, `stack ${result.stack}`), file: source, text };
  say(
    `checking with policy pack ${path.relative(process.cwd(), DEFAULT_PACK) || "."}${policyConfigFile ? ` and ${policyConfigFile}` : ""}\n`,
  );
  const report = await withProgress(io, (onProgress) =>
    check({ export: doc, policyConfigFile, jobs, timeoutSeconds, onProgress }),
  );
  emit(report, format, values.out, io);

  // Then `rampart verify` on the same export, always: does the deployment work for real (issue #11)?
  // The matrix only beside a table; the full text only for failing cases, then the counts.
  const verdict = verify({ export: doc });
  say(`\nverifying flows, access and policy documents (rampart verify)\n`);
  say(renderVerifyTable(verdict, { matrix: format === "table" }));
  return Math.max(exitCodeOf(report), verifyExitCode(verdict));
}

function runVerify(argv: string[], io: Io): number {
  const values = parse("verify", argv, {
    export: { type: "string" },
    flows: { type: "string" },
    access: { type: "string" },
    images: { type: "string" },
    cluster: { type: "string" },
    rbac: { type: "string" },
    "keep-defaults": { type: "boolean" },
    format: { type: "string" },
    out: { type: "string" },
    "max-export-mb": { type: "string" },
  }) as {
    export?: string;
    flows?: string;
    access?: string;
    images?: string;
    cluster?: string;
    rbac?: string;
    "keep-defaults"?: boolean;
  } & CheckFlags;
  if (!values.export) throw new UsageError("verify: --export is required (a `pulumi stack export` file)");
  const format = parseVerifyFormat(values.format, "verify");
  checkWritable(values.out, "--out", "verify");
  const doc = readExportFlag(values.export, values["max-export-mb"], "verify");
  const report = verify({
    export: doc,
    flowsFile: values.flows,
    accessFile: values.access,
    imagesFile: values.images,
    clusterFile: values.cluster,
    rbacFile: values.rbac,
    keepDefaults: values["keep-defaults"],
  });
  const text = renderVerify(report, format);
  if (values.out) {
    writeReport(text, values.out);
    io.stdout(`${verifySummaryLine(report)}\nwrote ${format} report to ${values.out}\n`);
  } else {
    io.stdout(text);
  }
  warn(doc, io);
  return verifyExitCode(report);
}

async function runCheck(argv: string[], io: Io): Promise<number> {
  const values = parse("check", argv, {
    export: { type: "string" },
    "policy-pack": { type: "string" },
    "max-export-mb": { type: "string" },
    ...checkFlags,
  }) as { export?: string; "policy-pack"?: string } & CheckFlags;
  if (!values.export) throw new UsageError("check: --export is required (a `pulumi stack export` file)");
  const format = parseFormat(values.format, "check");
  const jobs = parsePositiveInt(values.jobs, "--jobs", "check", MAX_JOBS);
  const timeoutSeconds = parsePositiveInt(values.timeout, "--timeout", "check", MAX_TIMEOUT_S);
  checkWritable(values.out, "--out", "check");
  const doc = readExportFlag(values.export, values["max-export-mb"], "check");
  const policyConfigFile = values["policy-config"] ?? stackPolicyConfig(doc, values["policy-pack"], io);
  const report = await withProgress(io, (onProgress) =>
    check({
      export: doc,
      packDir: values["policy-pack"],
      policyConfigFile,
      jobs,
      timeoutSeconds,
      onProgress,
    }),
  );
  emit(report, format, values.out, io);
  warn(doc, io);
  return exitCodeOf(report);
}

/**
 * Our pack's policy config for the export's stack, when none is given: a prod stack's export is checked
 * with prod's config (every policy mandatory), not the pack's defaults. The stack's name decides, as it
 * does for the stack config (`prod`, `prod-eu` are prod stacks). Another pack: no default.
 */
function stackPolicyConfig(doc: LoadedExport, packDir: string | undefined, io: Io): string | undefined {
  if (packDir !== undefined || doc.stack === undefined) return undefined;
  const environment = environmentOfStack(doc.stack);
  if (!environment) return undefined;
  const file = path.join(path.resolve(__dirname, ".."), "policy-pack", "config", `${environment}.json`);
  if (!fs.existsSync(file)) return undefined;
  const shown = path.relative(process.cwd(), file);
  io.stderr(
    `rampart: checking stack ${printable(doc.stack)} (${environment}) with ${shown}; --policy-config overrides\n`,
  );
  return shown;
}

/** `--help` or `-h` anywhere among a command's flags. */
function wantsHelp(argv: readonly string[]): boolean {
  return argv.some((a) => a === "--help" || a === "-h");
}

/** Entry point; returns the process exit code. Every expected failure is one clear line, exit 2. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (
      (command === "plan" || command === "check" || command === "verify" || command === "model") &&
      wantsHelp(rest)
    ) {
      io.stdout(`${usageOf(command)}\n`);
      return EXIT_OK;
    }
    switch (command) {
      case "plan":
        return await runPlan(rest, io);
      case "check":
        return await runCheck(rest, io);
      case "verify":
        return runVerify(rest, io);
      case "model":
        return await runModel(rest, io);
      case "help":
      case "--help":
      case "-h":
        io.stdout(`${USAGE}\n`);
        return EXIT_OK;
      case undefined:
        throw new UsageError("a command is required", USAGE);
      default:
        throw new UsageError(`unknown command "${command}" (expected plan, check, verify or model)`, USAGE);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      // One visible line whatever the input put in the message (a name with a newline or an escape).
      io.stderr(`rampart: ${printable(err.message)}\n${err.usage ? `${err.usage}\n` : ""}`);
      return EXIT_USAGE;
    }
    if (err instanceof ProgramError) {
      io.stderr(`rampart: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}
