import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");
export const RAMPART = path.join(ROOT, "cli/bin/rampart.js");

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the `rampart` command as a user would, in its own process. */
export function rampart(args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): CliRun {
  const r = spawnSync(process.execPath, [RAMPART, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: "utf8",
    timeout: opts.timeoutMs ?? 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A stack trace line, which a user-facing error must never contain. */
export const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

/** Every directory tempDir made in this process, removed when it exits (pass or fail). */
const tempDirs = new Set<string>();
let cleanupInstalled = false;

/** Removes the directories tempDir made so far (also done at exit). */
export function removeTempDirs(): void {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/** A fresh directory under the OS temporary directory, removed when the test process exits. */
export function tempDir(prefix = "rampart-test-"): string {
  if (!cleanupInstalled) {
    cleanupInstalled = true;
    process.once("exit", removeTempDirs);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}
