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
