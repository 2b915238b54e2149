#!/usr/bin/env node
// The `rampart` command. Loads the TypeScript sources through tsx (esbuild, no type-check: `npm run
// typecheck` does that), so the gate runs from a clean clone with no build step.
"use strict";
require("tsx/cjs/api").register();
const { main } = require("../main.ts");
// Fail safe: if the event loop ever ran dry before main settled (a promise nobody would settle), the
// process would otherwise exit 0 and a CI gate would pass without a verdict.
let settled = false;
process.on("exit", () => {
  if (!settled) {
    process.stderr.write("rampart: internal error: stopped before reaching a verdict\n");
    process.exitCode = 70;
  }
});
main(process.argv.slice(2)).then(
  (code) => {
    settled = true;
    process.exitCode = code;
  },
  (err) => {
    settled = true;
    process.stderr.write(`rampart: internal error: ${err && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 70;
  },
);
