// The pack's entry point (package.json `main`), for `pulumi preview --policy-pack` and `rampart check`
// alike. The Pulumi CLI starts a Node.js pack through run-policy-pack, which registers ts-node with full
// type-checking: this pack would pay for that in every pack process, at every start (the figures are in
// README, "The policy pack"). Instead the TypeScript sources (index.ts and what it imports from this
// folder) are bundled in memory with esbuild (transpiled, not type-checked) and run as one module;
// packages stay external and load as usual. Type-checking belongs to CI, where `npm run typecheck` runs
// tsc in strict mode over this pack.
"use strict";
const Module = require("node:module");
const path = require("node:path");
const esbuild = require("esbuild");

const entry = path.join(__dirname, "index.ts");
let result;
try {
  result = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    packages: "external",
    platform: "node",
    format: "cjs",
    target: "node20",
    sourcemap: "inline",
    sourcesContent: false,
    write: false,
    logLevel: "silent",
  });
} catch (err) {
  // esbuild's own message names the file, line and column of the first error.
  const first = err && Array.isArray(err.errors) && err.errors[0];
  const where = first && first.location ? `${first.location.file}:${first.location.line}: ` : "";
  throw new Error(`cannot compile the policy pack: ${where}${first ? first.text : String(err)}`);
}
// Stack traces of a policy that throws point into the .ts sources.
process.setSourceMapsEnabled(true);
const bundle = new Module(entry, module);
bundle.filename = entry;
bundle.paths = Module._nodeModulePaths(__dirname);
bundle._compile(result.outputFiles[0].text, entry);
