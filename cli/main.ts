import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
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
import { parseExport } from "./check/exportDoc";
import type { CheckReport } from "./check/model";
import { EXIT_OK, EXIT_USAGE, ProgramError, UsageError } from "./errors";
import {
  parseVerifyFormat,
  renderVerify,
  renderVerifyTable,
  verify,
  verifyExitCode,
  verifySummaryLine,
} from "./verify";

const USAGE = `usage:
  rampart plan  --stack <name> [--config FILE] [--policy-config FILE] [--format table|json|sarif] [--out FILE]
                [--export-out FILE] [--jobs N] [--timeout SECONDS]
  rampart check --export FILE [--policy-pack DIR] [--policy-config FILE] [--format table|json|sarif] [--out FILE]
                [--jobs N] [--timeout SECONDS]
  rampart verify --export FILE [--flows FILE] [--access FILE] [--keep-defaults] [--format table|json] [--out FILE]`;

/** Upper bounds for --jobs and --timeout. */
const MAX_JOBS = 32;
const MAX_TIMEOUT_S = 3600;

interface Io {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

const defaultIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
};

function parse(command: string, argv: string[], options: NonNullable<ParseArgsConfig["options"]>) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: false, strict: true }).values;
  } catch (err) {
    throw new UsageError(`${command}: ${(err as Error).message.split("\n")[0]}`);
  }
}

const checkFlags = {
  "policy-config": { type: "string" },
  format: { type: "string" },
  out: { type: "string" },
  jobs: { type: "string" },
  timeout: { type: "string" },
} as const;

interface CheckFlags {
  "policy-config"?: string;
  format?: string;
  out?: string;
  jobs?: string;
  timeout?: string;
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
  // Human-readable lines go to stderr when stdout carries JSON or SARIF.
  const say = format !== "table" && !values.out ? io.stderr : io.stdout;

  // Loaded only for `plan`: it brings the Pulumi SDK and the whole program (time and memory), which
  // `check` has no use for.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { plan, PROJECT_ROOT, renderTree, writePlanExport } = require("./plan") as typeof import("./plan");
  const result = await plan({ stack: values.stack, configFile: values.config });
  say(`stack ${result.stack} (${result.configFile})\n${renderTree(result.resources)}\n`);
  const exportOut = values["export-out"];
  if (exportOut) {
    writePlanExport(exportOut, result);
    say(`wrote stack export to ${exportOut}\n`);
  }

  // Our pack, with the stack's policy config when it has one (policy-pack/config/<stack>.json).
  const defaultConfig = path.join(PROJECT_ROOT, "policy-pack", "config", `${result.stack}.json`);
  const policyConfigFile =
    values["policy-config"] ??
    (fs.existsSync(defaultConfig) ? path.relative(process.cwd(), defaultConfig) : undefined);
  const source = exportOut ?? path.relative(process.cwd(), result.configFile);
  const text = exportOut ? fs.readFileSync(exportOut, "utf8") : undefined;
  const doc = { ...parseExport(result.export, `stack ${result.stack}`), file: source, text };
  say(
    `checking with policy pack ${path.relative(process.cwd(), DEFAULT_PACK) || "."}${policyConfigFile ? ` and ${policyConfigFile}` : ""}\n`,
  );
  const report = await check({ export: doc, policyConfigFile, jobs, timeoutSeconds });
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
    "keep-defaults": { type: "boolean" },
    format: { type: "string" },
    out: { type: "string" },
  }) as { export?: string; flows?: string; access?: string; "keep-defaults"?: boolean } & CheckFlags;
  if (!values.export) throw new UsageError("verify: --export is required (a `pulumi stack export` file)");
  const format = parseVerifyFormat(values.format, "verify");
  const report = verify({
    export: values.export,
    flowsFile: values.flows,
    accessFile: values.access,
    keepDefaults: values["keep-defaults"],
  });
  const text = renderVerify(report, format);
  if (values.out) {
    writeReport(text, values.out);
    io.stdout(`${verifySummaryLine(report)}\nwrote ${format} report to ${values.out}\n`);
  } else {
    io.stdout(text);
  }
  return verifyExitCode(report);
}

async function runCheck(argv: string[], io: Io): Promise<number> {
  const values = parse("check", argv, {
    export: { type: "string" },
    "policy-pack": { type: "string" },
    ...checkFlags,
  }) as { export?: string; "policy-pack"?: string } & CheckFlags;
  if (!values.export) throw new UsageError("check: --export is required (a `pulumi stack export` file)");
  const format = parseFormat(values.format, "check");
  const jobs = parsePositiveInt(values.jobs, "--jobs", "check", MAX_JOBS);
  const timeoutSeconds = parsePositiveInt(values.timeout, "--timeout", "check", MAX_TIMEOUT_S);
  const report = await check({
    export: values.export,
    packDir: values["policy-pack"],
    policyConfigFile: values["policy-config"],
    jobs,
    timeoutSeconds,
  });
  emit(report, format, values.out, io);
  return exitCodeOf(report);
}

/** Entry point; returns the process exit code. Every expected failure is one clear line, exit 2. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "plan":
        return await runPlan(rest, io);
      case "check":
        return await runCheck(rest, io);
      case "verify":
        return runVerify(rest, io);
      case "help":
      case "--help":
      case "-h":
        io.stdout(`${USAGE}\n`);
        return EXIT_OK;
      case undefined:
        throw new UsageError(`a command is required\n${USAGE}`);
      default:
        throw new UsageError(`unknown command "${command}" (expected plan, check or verify)\n${USAGE}`);
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof ProgramError) {
      io.stderr(`rampart: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}
