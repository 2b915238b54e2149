import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { test } from "node:test";
import { ROOT } from "./helpers";

test("the rampart command fails safe (exit 70) if it stops before main settles, never exit 0", () => {
  // main replaced by one whose promise nothing will ever settle: the event loop runs dry.
  const script = `
    require("tsx/cjs/api").register();
    const file = require.resolve(${JSON.stringify(path.join(ROOT, "cli", "main.ts"))});
    require.cache[file] = { id: file, filename: file, loaded: true, exports: { main: () => new Promise(() => {}) } };
    require(${JSON.stringify(path.join(ROOT, "cli", "bin", "rampart.js"))});
  `;
  const run = spawnSync(process.execPath, ["-e", script, "check"], { cwd: ROOT, encoding: "utf8" });
  assert.equal(run.status, 70);
  assert.equal(run.stderr, "rampart: internal error: stopped before reaching a verdict\n");
});
