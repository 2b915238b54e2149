import { parseArgs, type ParseArgsConfig } from "node:util";

/**
 * Bad input or invocation: printed as one line on stderr, exit code 2. `usage`, when given, follows on
 * the next lines (a missing or unknown command).
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/** Raised when the program itself refuses to run (bad config): its message is already user-facing. */
export class ProgramError extends Error {}

export const EXIT_OK = 0;
export const EXIT_VIOLATIONS = 1;
export const EXIT_USAGE = 2;

/**
 * `parseArgs` with the gate's usage errors: its own error as one line after the command, and a flag given
 * twice refused (parseArgs keeps the last: `--export a --export b` would check b and say nothing).
 */
export function parseStrict(command: string, config: ParseArgsConfig): ReturnType<typeof parseArgs> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ ...config, strict: true, tokens: true });
  } catch (err) {
    throw new UsageError(`${command}: ${(err as Error).message.split("\n")[0]}`);
  }
  const seen = new Set<string>();
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== "option") continue;
    if (seen.has(t.name))
      throw new UsageError(`${command}: --${t.name} is given more than once (give it once)`);
    seen.add(t.name);
  }
  return parsed;
}
