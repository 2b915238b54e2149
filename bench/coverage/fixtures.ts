/**
 * The coverage comparison's fixtures (test/fixtures/coverage/): every flaw of ./aws.ts and ./kubernetes.ts
 * written as two `pulumi stack export` documents, one holding every flaw's BAD resource set and one every
 * GOOD set (each resource named `<flaw>.<role>`, so one pack start judges them all), and an index of the
 * flaws. `rampart check --export` reads them as it reads a real export (cli/check/exportDoc.ts).
 *
 *   node --import tsx bench/coverage/fixtures.ts           # (re)writes test/fixtures/coverage/
 *   node --import tsx bench/coverage/fixtures.ts --check   # exits 1 if the committed files are stale
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as prettier from "prettier";
import { AWS_FLAWS } from "./aws";
import { KUBERNETES_FLAWS } from "./kubernetes";
import type { Flaw, Res } from "./model";

export const FLAWS: readonly Flaw[] = [...AWS_FLAWS, ...KUBERNETES_FLAWS];
export const FIXTURE_DIR = path.resolve(__dirname, "..", "..", "test", "fixtures", "coverage");

const STACK = "coverage";
const PROJECT = "rampart-coverage";
const ROOT_URN = `urn:pulumi:${STACK}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${STACK}`;

export const resourceName = (flaw: string, role: string) => `${flaw}.${role}`;
export const urnOf = (type: string, name: string) => `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;

function stateOf(flaw: Flaw, r: Res) {
  const id = r.id ?? `${flaw.id}-${r.role}`;
  return {
    urn: urnOf(r.type, resourceName(flaw.id, r.role)),
    custom: true,
    id,
    type: r.type,
    inputs: r.inputs,
    outputs: { ...r.inputs, id, ...(r.arn ? { arn: r.arn } : {}) },
    parent: ROOT_URN,
  };
}

/** The export document holding `side` of every flaw. */
export function exportOf(flaws: readonly Flaw[], side: "good" | "bad") {
  return {
    version: 3,
    deployment: {
      manifest: { time: "2026-01-01T00:00:00Z", magic: "", version: "v3.200.0" },
      resources: [
        { urn: ROOT_URN, custom: false, type: "pulumi:pulumi:Stack", outputs: {} },
        ...flaws.flatMap((f) => f[side].map((r) => stateOf(f, r))),
      ],
    },
  };
}

/** What the benchmark needs to know of each flaw, without rebuilding it. */
export function indexOf(flaws: readonly Flaw[]) {
  return flaws.map((f) => ({
    id: f.id,
    area: f.area,
    form: f.form,
    catalog: f.catalog,
    good: f.good.map((r) => ({ name: resourceName(f.id, r.role), type: r.type })),
    bad: f.bad.map((r) => ({ name: resourceName(f.id, r.role), type: r.type })),
  }));
}
export type FlawIndex = ReturnType<typeof indexOf>;

/** Every fixture file's name and text, formatted as the repository's prettier formats JSON. */
export async function fixtureFiles(flaws: readonly Flaw[] = FLAWS): Promise<Record<string, string>> {
  const ids = new Set<string>();
  for (const f of flaws) {
    if (ids.has(f.id)) throw new Error(`flaw ${f.id} is defined twice`);
    ids.add(f.id);
  }
  const options = { ...(await prettier.resolveConfig(path.join(FIXTURE_DIR, "x.json"))), parser: "json" };
  const json = (v: unknown) => prettier.format(JSON.stringify(v), options);
  return {
    "flaws.json": await json(indexOf(flaws)),
    "bad.json": await json(exportOf(flaws, "bad")),
    "good.json": await json(exportOf(flaws, "good")),
  };
}

async function main(): Promise<void> {
  const files = await fixtureFiles();
  if (process.argv.includes("--check")) {
    const stale = Object.entries(files).filter(([name, text]) => {
      const file = path.join(FIXTURE_DIR, name);
      return !fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text;
    });
    if (stale.length > 0) {
      console.error(
        `stale: ${stale.map(([n]) => n).join(", ")} (run node --import tsx bench/coverage/fixtures.ts)`,
      );
      process.exit(1);
    }
    return;
  }
  fs.mkdirSync(FIXTURE_DIR, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(FIXTURE_DIR, name), text);
  console.log(`${FLAWS.length} flaws written to ${path.relative(process.cwd(), FIXTURE_DIR)}/`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
