/**
 * Text from an export or a policy pack, made safe to print on a terminal.
 *
 * Control characters (C0 including newline, DEL, C1), line/paragraph separators and bidirectional
 * overrides/isolates let an untrusted export put a URN, name or message on the screen that forges or
 * hides lines: ESC starts colour and cursor sequences, CR returns to the start of the line and overwrites
 * it (a fake `PASS` line), bidi overrides reorder what is shown ("Trojan Source", CVE-2021-42574,
 * https://trojansource.codes/). They are written as visible escapes (`\x1b`, `\u202e`) in table output;
 * JSON and SARIF carry the exact text (JSON escapes control characters itself).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same, except newline: for multi-line text (a policy's message or description). */
const UNSAFE_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escape(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`;
}

/** `s` with every unsafe character written as an escape (`\x1b`, `\u202e`): one visible line. */
export function printable(s: string): string {
  return s.replace(UNSAFE, escape);
}

/** `s` with every unsafe character but newline escaped: its lines stay lines, none can be forged. */
export function printableLines(s: string): string {
  return s.replace(UNSAFE_BUT_NEWLINE, escape);
}
