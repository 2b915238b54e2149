import { parseArgs, type ParseArgsConfig } from "node:util";
import { EXIT_OK, EXIT_USAGE, UsageError } from "./errors";
import { plan, ProgramError, renderTree, writePlanExport } from "./plan";

const USAGE = `usage:
  rampart plan  --stack <name> [--config FILE] [--export-out FILE]
  rampart check --export FILE [--policy-pack DIR] [--policy-config FILE] [--format table|json|sarif] [--out FILE]`;

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

async function runPlan(argv: string[], io: Io): Promise<number> {
  const values = parse("plan", argv, {
    stack: { type: "string" },
    config: { type: "string" },
    "export-out": { type: "string" },
  }) as { stack?: string; config?: string; "export-out"?: string };
  if (!values.stack) throw new UsageError("plan: --stack is required (e.g. --stack dev)");
  const result = await plan({ stack: values.stack, configFile: values.config });
  io.stdout(`stack ${result.stack} (${result.configFile})\n${renderTree(result.resources)}\n`);
  if (values["export-out"]) {
    writePlanExport(values["export-out"], result);
    io.stdout(`wrote stack export to ${values["export-out"]}\n`);
  }
  return EXIT_OK;
}

/** Entry point; returns the process exit code. Every expected failure is one clear line, exit 2. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "plan":
        return await runPlan(rest, io);
      case "help":
      case "--help":
      case "-h":
        io.stdout(`${USAGE}\n`);
        return EXIT_OK;
      case undefined:
        throw new UsageError(`a command is required\n${USAGE}`);
      default:
        throw new UsageError(`unknown command "${command}" (expected plan or check)\n${USAGE}`);
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof ProgramError) {
      io.stderr(`rampart: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}
