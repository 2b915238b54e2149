#!/usr/bin/env node
// The `rampart` command. Loads the TypeScript sources through tsx (esbuild, no type-check: `npm run
// typecheck` does that), so the gate runs from a clean clone with no build step.
"use strict";
require("tsx/cjs/api").register();
const { main } = require("../main.ts");
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`rampart: internal error: ${err && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 70;
  },
);
