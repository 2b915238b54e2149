#!/usr/bin/env node
// Benchmarks (not tests): `npm run bench -- <name> [args]` runs bench/<name>.ts and prints its figures.
//   npm run bench -- plan
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const names = fs
  .readdirSync(__dirname)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.slice(0, -3))
  .sort();
const [name, ...rest] = process.argv.slice(2);
if (!name || !names.includes(name)) {
  console.error(`usage: npm run bench -- <${names.join("|")}> [args]`);
  process.exit(2);
}
const r = spawnSync(process.execPath, ["--import", "tsx", path.join(__dirname, `${name}.ts`), ...rest], {
  stdio: "inherit",
});
process.exit(r.status ?? 1);
