import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * Runs components/observability/redaction.lua under LuaJIT (the engine Fluent Bit embeds), through
 * redactionHarness.lua, which calls the filter's callback exactly as Fluent Bit's Lua filter does.
 * Records go to Lua as a table literal written here, and come back as JSON lines.
 */

const ROOT = path.resolve(__dirname, "../../..");
export const REDACTION_SCRIPT = path.join(ROOT, "components/observability/redaction.lua");
const HARNESS = path.join(__dirname, "redactionHarness.lua");

/** Fails with a clear message when LuaJIT is missing: the redaction tests never skip. */
export function requireLuajit(): void {
  const r = spawnSync("luajit", ["-v"], { encoding: "utf8" });
  if (r.error || r.status !== 0)
    throw new Error(
      "luajit is not installed: the redaction tests run redaction.lua with LuaJIT, the engine Fluent Bit " +
        "embeds (Debian: apt-get install luajit)",
    );
}

/**
 * A Lua literal for a JSON value (or a Buffer, passed as raw bytes); strings as their UTF-8 bytes,
 * non-printable ones as three-digit decimal escapes (`\\034`, never ambiguous with a following digit).
 */
export function toLua(v: unknown): string {
  if (v === null || v === undefined) return "nil";
  if (typeof v === "string" || Buffer.isBuffer(v)) {
    let out = '"';
    for (const b of Buffer.isBuffer(v) ? v : Buffer.from(v, "utf8")) {
      out +=
        b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c
          ? String.fromCharCode(b)
          : `\\${String(b).padStart(3, "0")}`;
    }
    return `${out}"`;
  }
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `{${v.map(toLua).join(",")}}`;
  if (typeof v === "object")
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `[${toLua(k)}]=${toLua(x)}`)
      .join(",")}}`;
  throw new Error(`cannot pass a ${typeof v} to Lua`);
}

function run(mode: string, data: unknown, key: string | undefined, extra: string[] = []): string[] {
  requireLuajit();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-redaction-"));
  try {
    const input = path.join(dir, "input.lua");
    fs.writeFileSync(input, `return ${toLua(data)}\n`);
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH };
    if (key !== undefined) env.RAMPART_REDACTION_KEY = key;
    const r = spawnSync("luajit", [HARNESS, REDACTION_SCRIPT, mode, input, ...extra], {
      encoding: "utf8",
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.status !== 0) throw new Error(`luajit ${mode} failed (${r.status}): ${r.stderr}`);
    return r.stdout.split("\n").filter((l) => l !== "");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface FilterInput {
  readonly tag: string;
  readonly timestamp: number;
  readonly record: Record<string, unknown>;
}
export interface FilterOutput {
  /** Fluent Bit's return code: 0 unchanged, 2 modified (timestamp kept), -1 dropped. */
  readonly code: number;
  readonly timestamp: number;
  readonly record: Record<string, unknown>;
}

/** Calls the filter's callback on each record, with the key in the environment (or none). */
export function runFilter(inputs: readonly FilterInput[], key: string | undefined): FilterOutput[] {
  return run("filter", inputs, key).map((l) => JSON.parse(l) as FilterOutput);
}

/** Calls functions of the script's `rampart_redaction` test table, in one LuaJIT process. */
export function callLua(
  calls: readonly { readonly fn: string; readonly args: readonly (string | Buffer)[] }[],
  key?: string,
): unknown[] {
  return run("call", calls, key).map((l) => JSON.parse(l) as unknown);
}

/** Runs the filter `rounds` times over the records; LuaJIT's own CPU clock. */
export function benchFilter(
  inputs: readonly FilterInput[],
  rounds: number,
  key: string,
): { records: number; seconds: number } {
  return JSON.parse(run("bench", inputs, key, [String(rounds)])[0]!) as { records: number; seconds: number };
}

export interface TranscriptFixture extends FilterInput {
  readonly id: string;
  /** Values that must not survive, and the placeholder kind that replaces each (`EMAIL`, `REDACTED:jwt`). */
  readonly masked: readonly { readonly value: string; readonly as: string }[];
  /** Text that must survive verbatim. */
  readonly kept: readonly string[];
}

/** The sample transcripts and request logs of test/fixtures/transcripts/. */
export function loadTranscripts(): TranscriptFixture[] {
  const dir = path.join(ROOT, "test/fixtures/transcripts");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .sort()
    .flatMap((f) =>
      fs
        .readFileSync(path.join(dir, f), "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => ({
          timestamp: 1764646507.123,
          ...(JSON.parse(l) as Omit<TranscriptFixture, "timestamp">),
        })),
    );
}
