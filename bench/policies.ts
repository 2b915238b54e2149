/**
 * `npm run bench -- policies [--resources N] [--runs N]`: the policy pack on its own.
 *
 * - Start-up: time from spawning the pack (as the Pulumi CLI does: run-policy-pack in the pack's
 *   directory; our pack's entry point bundles its TypeScript with esbuild) to the gRPC port being
 *   printed; our pack and the no-op fixture pack, median of the runs.
 * - Throughput: one pack process analysing the generated export of mixed real resource types (10,000
 *   by default, the same generator as `bench -- check`): wall time of the whole check minus the measured
 *   start-up, and resources per second over that.
 */
import * as os from "node:os";
import * as path from "node:path";
import { check } from "../cli/check";
import { parseExport } from "../cli/check/exportDoc";
import { PackProcess, readPackManifest } from "../cli/check/packProcess";
import { generateExport, median } from "./check";

const root = path.resolve(__dirname, "..");
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const count = arg("--resources", 10_000);
const runs = arg("--runs", 3);

async function startup(dir: string): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const pack = await PackProcess.start(readPackManifest(dir), { timeoutMs: 120_000 });
    samples.push(performance.now() - t0);
    pack.kill();
  }
  return median(samples);
}

async function main() {
  const ours = path.join(root, "policy-pack");
  const noop = path.join(root, "test/fixtures/packs/noop");
  console.log(
    `policy pack: ${runs} runs, median; ${os.availableParallelism()} CPUs, node ${process.version}`,
  );

  const oursStart = await startup(ours);
  const noopStart = await startup(noop);
  console.log(`start-up   ours ${oursStart.toFixed(0)} ms   no-op pack ${noopStart.toFixed(0)} ms`);

  const doc = parseExport(generateExport(count), "generated");
  for (const [label, dir, start] of [
    ["ours", ours, oursStart],
    ["no-op", noop, noopStart],
  ] as const) {
    const walls: number[] = [];
    let mandatory = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const report = await check({ export: doc, packDir: dir, jobs: 1 });
      walls.push(performance.now() - t0);
      mandatory = report.findings.filter((f) => f.enforcementLevel === "mandatory").length;
    }
    const analysis = Math.max(1, median(walls) - start);
    console.log(
      `throughput ${label.padEnd(5)} ${count} resources, 1 pack process: ${(median(walls) / 1000).toFixed(2)} s wall, ` +
        `${(analysis / 1000).toFixed(2)} s after start-up = ${Math.round((count / analysis) * 1000)} res/s ` +
        `(${mandatory} mandatory findings)`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
