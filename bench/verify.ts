/**
 * `npm run bench -- verify [--stack prod] [--runs 5]`: the time `rampart verify` adds to `rampart plan`,
 * on the stack's plan export (written once by `rampart plan --export-out`).
 *
 * Each run is a fresh process (`node --import tsx`, as `rampart` runs), so nothing is warm but tsx's
 * on-disk compile cache, as in CI. Inside it, with performance.now(): loading verify's modules (which
 * `plan` pays too, since cli/main.ts imports them), reading the export, then `verifyResources` (lint +
 * default flow and access cases + tier matrix) and rendering the table, each cold: that sum is what
 * verify adds to plan. A second, warm pass splits verifyResources into its parts. Medians are printed.
 * Also printed: the wall time of the whole `rampart verify --export` command (node and tsx start-up
 * included, which plan does not pay twice).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(__dirname, "..");
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};

interface Timings {
  import: number;
  load: number;
  verify: number;
  render: number;
  warm: { lint: number; flows: number; access: number; matrix: number };
  counts: { resources: number; flows: number; access: number; lint: number };
}

/** One measured run, in this (fresh) process. */
function child(file: string): void {
  let t = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = now - t;
    t = now;
    return ms;
  };
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { readExport } = require("../cli/check/exportDoc") as typeof import("../cli/check/exportDoc");
  const { verifyResources } = require("../cli/verify/report") as typeof import("../cli/verify/report");
  const { renderVerifyTable } = require("../cli/verify/format") as typeof import("../cli/verify/format");
  const iam = require("../cli/verify/iam") as typeof import("../cli/verify/iam");
  const net = require("../cli/verify/network") as typeof import("../cli/verify/network");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const imported = lap();
  const doc = readExport(file);
  const load = lap();
  const report = verifyResources(doc.resources);
  const verify = lap();
  renderVerifyTable(report);
  const render = lap();
  const rs = doc.resources;
  iam.lintPolicyDocuments(rs);
  const lint = lap();
  net.verifyFlows(rs, net.rampartFlows(rs));
  const flows = lap();
  iam.verifyAccess(rs, iam.rampartAccess(rs));
  const access = lap();
  net.tierMatrix(rs);
  const matrix = lap();
  const out: Timings = {
    import: imported,
    load,
    verify,
    render,
    warm: { lint, flows, access, matrix },
    counts: {
      resources: rs.length,
      flows: report.flows.length,
      access: report.access.length,
      lint: report.lint.length,
    },
  };
  process.stdout.write(JSON.stringify(out));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (x: number) => `${x.toFixed(0)} ms`;

function main(): void {
  const stack = arg("--stack", "prod");
  const runs = Number(arg("--runs", "5"));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-bench-verify-"));
  const file = path.join(dir, `${stack}.json`);
  const rampart = path.join(root, "cli", "bin", "rampart.js");
  // plan's own exit code says whether the stack passes; the export is written either way.
  spawnSync(process.execPath, [rampart, "plan", "--stack", stack, "--export-out", file], { cwd: root });
  if (!fs.existsSync(file)) throw new Error(`rampart plan --stack ${stack} wrote no export`);

  const samples: Timings[] = [];
  const walls: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ["--import", "tsx", __filename, "--child", file], {
      cwd: root,
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`child run failed: ${r.stderr}`);
    samples.push(JSON.parse(r.stdout) as Timings);
    const start = performance.now();
    spawnSync(process.execPath, [rampart, "verify", "--export", file], { cwd: root });
    walls.push(performance.now() - start);
  }
  const med = (f: (t: Timings) => number) => median(samples.map(f));
  const added = med((t) => t.import + t.load + t.verify + t.render);
  const c = samples[0]!.counts;
  console.log(
    `rampart verify on the ${stack} plan export: ${c.resources} resources, ${c.flows} flows, ${c.access} access cases, ${c.lint} lint problems`,
  );
  console.log(
    `median of ${runs} fresh processes (node --import tsx; tsx's compile cache as left by earlier runs):`,
  );
  console.log(`  load modules     ${ms(med((t) => t.import))}`);
  console.log(`  read export      ${ms(med((t) => t.load))}`);
  console.log(
    `  verify (cold)    ${ms(med((t) => t.verify))}  lint + flow cases + access cases + tier matrix`,
  );
  console.log(`  render table     ${ms(med((t) => t.render))}`);
  console.log(`  added to plan    ${ms(added)}  (target < 2000 ms: ${added < 2000 ? "met" : "MISSED"})`);
  console.log(
    `  warm split       lint ${ms(med((t) => t.warm.lint))}, flows ${ms(med((t) => t.warm.flows))}, access ${ms(med((t) => t.warm.access))}, matrix ${ms(med((t) => t.warm.matrix))}`,
  );
  console.log(
    `whole \`rampart verify --export\` command (wall, node + tsx start-up included): ${ms(median(walls))}`,
  );
}

if (process.argv.includes("--child")) child(arg("--child", ""));
else main();
