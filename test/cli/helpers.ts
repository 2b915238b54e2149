import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../cli/main";
import { tempDir } from "../helpers/cli";

export const ROOT = path.resolve(__dirname, "..", "..");
export const FIXTURES = path.join(ROOT, "test", "fixtures");
export const BASIC = "test/fixtures/exports/basic.json";
export const pack = (name: string) => `test/fixtures/packs/${name}`;

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in this process (cwd: the project root), capturing what it prints. */
export async function rampart(...argv: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
    return { code, stdout, stderr };
  } finally {
    process.chdir(cwd);
  }
}

/** Runs the real `rampart` command as a child process. */
export function rampartProcess(argv: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, "cli", "bin", "rampart.js"), ...argv], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += String(d)));
    child.stderr.on("data", (d: Buffer) => (stderr += String(d)));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Writes `content` to a fresh temporary file (removed when the test process exits) and returns its path. */
export function tempFile(name: string, content: string): string {
  const dir = tempDir("rampart-check-");
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

export const json = (run: Run) => JSON.parse(run.stdout);
