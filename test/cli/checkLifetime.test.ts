import assert from "node:assert/strict";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import * as path from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { BASIC, pack, ROOT } from "./helpers";

/** A pack process never outlives `rampart check`: not on Ctrl-C, not when rampart is killed outright. */

function childrenOf(pid: number): number[] {
  try {
    return execFileSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" })
      .split("\n")
      .map((s) => Number(s.trim()))
      .filter((n) => n > 0);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor<T>(what: string, probe: () => T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function start(packName: string): {
  cli: ChildProcess;
  exited: Promise<{ code: number | null; signal: string | null }>;
} {
  const cli = spawn(
    process.execPath,
    [
      path.join(ROOT, "cli", "bin", "rampart.js"),
      "check",
      "--export",
      BASIC,
      "--policy-pack",
      pack(packName),
      "--timeout",
      "600",
      "--jobs",
      "2",
    ],
    { cwd: ROOT, stdio: "ignore" },
  );
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    cli.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { cli, exited };
}

test("Ctrl-C (SIGINT) stops rampart and its pack processes, even a pack stuck in a policy", async () => {
  const { cli, exited } = start("hangs");
  // Both packs up and one of them spinning in its policy (the pack's event loop is blocked).
  const packs = await waitFor("two pack processes", () => {
    const kids = childrenOf(cli.pid!);
    return kids.length === 2 ? kids : undefined;
  });
  await sleep(4000);
  assert.ok(packs.every(alive));
  cli.kill("SIGINT");
  const how = await exited;
  assert.equal(how.signal, "SIGINT");
  await waitFor("the packs to end", () => (packs.some(alive) ? undefined : true), 5000);
});

test("a pack ends on its own when rampart is killed with SIGKILL (no handler runs)", async () => {
  const { cli, exited } = start("silent");
  const packs = await waitFor("two pack processes", () => {
    const kids = childrenOf(cli.pid!);
    return kids.length === 2 ? kids : undefined;
  });
  await sleep(1000);
  cli.kill("SIGKILL");
  assert.equal((await exited).signal, "SIGKILL");
  // parentWatch.js sees its stdin close and exits the pack.
  await waitFor("the orphaned packs to end", () => (packs.some(alive) ? undefined : true), 10_000);
});
