/**
 * `npm run bench -- plan [--runs N]`: wall time and peak memory of `rampart plan` for dev and prod,
 * each run in a fresh process (as a user or CI runs it), median of N runs, plus the resource counts.
 * Peak memory: the command's maximum resident set size as the OS reports it (getrusage), and its pack
 * processes' peaks (VmHWM, read from /proc while it runs).
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { median } from "./check";
import { watchMemory } from "./proc";

const root = path.resolve(__dirname, "..");
const runsArg = process.argv.indexOf("--runs");
const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 5;

interface Sample {
  wallMs: number;
  maxRssMb: number;
  packsMb: number;
  resources: number;
  components: number;
}

function once(stack: string): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    // /usr/bin/time is not on every machine; the child reports its own peak RSS on exit instead.
    const child = spawn(
      process.execPath,
      [
        "-e",
        `process.on("exit", () => process.stderr.write("\\nMAXRSS " + process.resourceUsage().maxRSS + "\\n"));
         process.argv.splice(1, 0, "rampart"); require(${JSON.stringify(path.join(root, "cli/bin/rampart.js"))});`,
        "plan",
        "--stack",
        stack,
      ],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    const memory = watchMemory(child.pid!);
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("close", (code) => {
      const { childrenMb } = memory.stop();
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      const rss = /MAXRSS (\d+)/.exec(err);
      const counts = /(\d+) resources in (\d+) components/.exec(out);
      if (!rss || !counts) {
        reject(new Error(`plan --stack ${stack} exited ${String(code)}:\n${out}\n${err}`));
        return;
      }
      resolve({
        wallMs,
        maxRssMb: Number(rss[1]) / 1024,
        packsMb: childrenMb,
        resources: Number(counts[1]),
        components: Number(counts[2]),
      });
    });
  });
}

async function main() {
  console.log(
    `rampart plan: median of ${runs} runs per stack, each in a fresh process (node ${process.version})`,
  );
  console.log(
    "stack  resources  components  wall ms (median / min / max)   peak RSS MB (median / max)   packs MB (median)",
  );
  for (const stack of ["dev", "prod"]) {
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i++) samples.push(await once(stack));
    const walls = samples.map((s) => s.wallMs);
    const rss = samples.map((s) => s.maxRssMb);
    console.log(
      `${stack.padEnd(6)} ${String(samples[0]!.resources).padStart(9)}  ${String(samples[0]!.components).padStart(10)}  ` +
        `${median(walls).toFixed(0).padStart(7)} / ${Math.min(...walls).toFixed(0)} / ${Math.max(...walls).toFixed(0)}`.padEnd(
          30,
        ) +
        `   ${median(rss).toFixed(1)} / ${Math.max(...rss).toFixed(1)}`.padEnd(30) +
        `   ${median(samples.map((s) => s.packsMb)).toFixed(1)}`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
