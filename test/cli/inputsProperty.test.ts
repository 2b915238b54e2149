import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import fc from "fast-check";
import { tempDir } from "../helpers/cli";
import { BASIC, pack, rampart, rampartProcess, ROOT, type Run } from "./helpers";

/**
 * Property: whatever export or policy-config file a user or an attacker hands `rampart check`, it ends
 * with exit 0, 1 or 2; exit 2 prints exactly one line on stderr and no stack trace; each case takes
 * bounded time and the process bounded memory. Malformed inputs are generated (random JSON shapes, deep
 * nesting, huge arrays, control characters, a wrong value at every position of a valid export) and run
 * through the CLI in this process with the no-op pack (a crash would reject `main`, which the real
 * command turns into exit 70), and a sample through the real command.
 */

const NOOP = pack("noop");
const dir = tempDir("rampart-fuzz-");
const VALID = JSON.parse(fs.readFileSync(path.join(ROOT, BASIC), "utf8")) as Record<string, unknown>;

/** Per case, and for the whole process: generous, several times what was measured. */
const MAX_CASE_MS = 20_000;
const MAX_RSS_MB = 1500;

const stats = { cases: 0, byExit: new Map<number, number>(), slowestMs: 0, peakRssMb: 0 };
let n = 0;

/** Runs `rampart check` on the given export text (and policy-config text) and checks the property. */
async function checkCase(exportText: string, policyConfigText?: string): Promise<Run> {
  const exp = path.join(dir, `e${n}.json`);
  fs.writeFileSync(exp, exportText);
  const argv = ["check", "--export", exp, "--policy-pack", NOOP, "--timeout", "30"];
  if (policyConfigText !== undefined) {
    const pc = path.join(dir, `p${n}.json`);
    fs.writeFileSync(pc, policyConfigText);
    argv.push("--policy-config", pc);
  }
  n++;
  const started = Date.now();
  const run = await rampart(...argv);
  const ms = Date.now() - started;
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  stats.cases++;
  stats.byExit.set(run.code, (stats.byExit.get(run.code) ?? 0) + 1);
  stats.slowestMs = Math.max(stats.slowestMs, ms);
  stats.peakRssMb = Math.max(stats.peakRssMb, rssMb);
  fs.rmSync(exp, { force: true });
  assertProperty(run, argv);
  assert.ok(ms < MAX_CASE_MS, `took ${ms} ms: ${argv.join(" ")}`);
  assert.ok(rssMb < MAX_RSS_MB, `rss ${Math.round(rssMb)} MB`);
  return run;
}

function assertProperty(run: Run, argv: string[]): void {
  assert.ok([0, 1, 2].includes(run.code), `exit ${run.code} for ${argv.join(" ")}: ${run.stderr}`);
  assert.doesNotMatch(run.stderr, /^\s+at .+:\d+:\d+\)?$/m, "a stack trace");
  if (run.code === 2) {
    assert.match(run.stderr, /^rampart: [^\n]*\n$/, `one line expected, got ${JSON.stringify(run.stderr)}`);
  }
}

/** Control characters, terminal escapes, bidi overrides, separators and quotes. */
const nasty = fc.string({
  unit: fc.constantFrom(
    "a",
    "-",
    ":",
    '"',
    "\\",
    "\n",
    "\r",
    "\t",
    "\u0000",
    "\u001b[2J",
    "\u007f",
    "\u202e",
    "\u2028",
    "::",
  ),
  maxLength: 12,
});
/** Values of every JSON type, small. */
const anyValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  nasty,
  fc.constant([]),
  fc.constant({}),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Every path to a value in a JSON document. */
function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== "object") return [prefix];
  const entries = Array.isArray(v) ? v.map((c, i) => [i, c] as const) : Object.entries(v);
  return [prefix, ...entries.flatMap(([k, c]) => paths(c, [...prefix, k]))];
}
const POSITIONS = paths(VALID).filter((p) => p.length > 0);

function setAt(doc: unknown, at: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let node = copy;
  for (const k of at.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  node[at[at.length - 1]!] = value;
  return copy;
}

/** A value nested `depth` levels, as text (JSON.stringify itself would recurse). */
function deepText(depth: number, kind: "array" | "object"): string {
  return kind === "array"
    ? `${"[".repeat(depth)}1${"]".repeat(depth)}`
    : `${'{"k":'.repeat(depth)}1${"}".repeat(depth)}`;
}

const SEED = 17;
/** Cases per property, sized so that the file runs in about a minute (most valid cases start a pack). */
const RUNS = { shapes: 40, exports: 150, mutations: 40, policyConfigs: 30 };
/** Cases run through the real command as well. */
const SAMPLE_CASES = 7;
const runs = (numRuns: number) => ({ numRuns, seed: SEED, endOnFailure: true });

describe("rampart check under generated malformed input", () => {
  test("random JSON documents and raw text as the export", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)),
          fc.string({ maxLength: 200 }),
          nasty,
        ),
        async (text) => {
          await checkCase(text);
        },
      ),
      runs(RUNS.exports),
    );
  });

  test("a wrong value at every position of a valid export", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...POSITIONS), anyValue, async (at, value) => {
        await checkCase(JSON.stringify(setAt(VALID, at, value)));
      }),
      runs(RUNS.mutations),
    );
  });

  test("deep nesting anywhere, huge arrays, control characters in URNs, types and keys", async () => {
    const resource = (urn: string, type: string, inputs: string) =>
      `{"urn":${JSON.stringify(urn)},"custom":true,"id":"i","type":${JSON.stringify(type)},"inputs":${inputs}}`;
    const doc = (resources: string) => `{"version":3,"deployment":{"resources":[${resources}]}}`;
    const A = "urn:pulumi:dev::p::t:index:T::a";
    // Recipes, built into text inside the property, so that a counterexample prints small.
    const recipes = fc.oneof(
      fc.record({
        deep: fc.integer({ min: 100, max: 30_000 }),
        kind: fc.constantFrom("array" as const, "object" as const),
        where: fc.constantFrom("top", "resources", "inputs"),
      }),
      fc.record({
        junkResources: fc.integer({ min: 1000, max: 200_000 }),
        junk: fc.constantFrom("0", "null", "{}", '"x"', "[]"),
      }),
      fc.record({ hugeInput: fc.integer({ min: 1000, max: 300_000 }) }),
      fc.record({ name: nasty, type: nasty, key: nasty, value: nasty }),
    );
    const build = (r: Record<string, unknown>): string => {
      if ("deep" in r) {
        const v = deepText(r.deep as number, r.kind as "array" | "object");
        return r.where === "top"
          ? v
          : r.where === "resources"
            ? doc(v)
            : doc(resource(A, "t:index:T", `{"v":${v}}`));
      }
      if ("junkResources" in r)
        return doc(Array.from({ length: r.junkResources as number }, () => r.junk).join(","));
      if ("hugeInput" in r) {
        const values = Array.from({ length: r.hugeInput as number }, (_, i) => i).join(",");
        return doc(resource(A, "t:index:T", `{"v":[${values}]}`));
      }
      const { name, type, key, value } = r as Record<string, string>;
      return doc(resource(`urn:pulumi:dev::p::${type}::${name}`, type!, JSON.stringify({ [key!]: value })));
    };
    await fc.assert(
      fc.asyncProperty(recipes, async (r) => {
        await checkCase(build(r));
      }),
      runs(RUNS.shapes),
    );
  });

  test("policy-config files: random shapes, wrong types, deep nesting, control characters", async () => {
    const basic = fs.readFileSync(path.join(ROOT, BASIC), "utf8");
    const configs = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc
        .dictionary(fc.oneof(nasty, fc.constantFrom("all", "fixture-noop", "fixture-noop-stack")), anyValue)
        .map((v) => JSON.stringify(v)),
      fc
        .record({ "fixture-noop": fc.record({ enforcementLevel: anyValue, x: anyValue }) })
        .map((v) => JSON.stringify(v)),
      fc.integer({ min: 100, max: 20_000 }).map((d) => ({ deep: d })),
      fc.string({ maxLength: 100 }),
    );
    await fc.assert(
      fc.asyncProperty(configs, async (c) => {
        await checkCase(basic, typeof c === "string" ? c : `{"fixture-noop": ${deepText(c.deep, "object")}}`);
      }),
      runs(RUNS.policyConfigs),
    );
  });

  test("a sample through the real command (a crash there is exit 70)", async () => {
    const sample = [
      deepText(50_000, "array"),
      `{"version":3,"deployment":{"resources":[${'{"urn":"urn:pulumi:a::b::c::d","type":' + deepText(20_000, "object") + "}"}]}}`,
      // exit 70 before the depth limit: the encoder's recursion overflowed the stack
      `{"version":3,"deployment":{"resources":[{"urn":"urn:pulumi:a::b::c::d","type":"c","inputs":{"v":${deepText(20_000, "array")}}}]}}`,
      '{"version":4,"features":[{}],"deployment":{}}',
      '{"version":3,"checkpoint":[]}',
      '{"version":1e400,"deployment":{}}',
      `{"version":3,"deployment":{"resources":[{"urn":"urn:pulumi:\u001b[2J::p::t::\u202e","type":"t"}]}}`,
    ];
    assert.equal(sample.length, SAMPLE_CASES);
    for (const text of sample) {
      const file = path.join(dir, `r${n++}.json`);
      fs.writeFileSync(file, text);
      const run = await rampartProcess(["check", "--export", file, "--policy-pack", NOOP]);
      assertProperty(run, ["check", "--export", file]);
      stats.cases++;
      stats.byExit.set(run.code, (stats.byExit.get(run.code) ?? 0) + 1);
    }
  });

  test("how many cases ran, and what they cost", (t) => {
    t.diagnostic(
      `${stats.cases} cases; exits ${JSON.stringify(Object.fromEntries(stats.byExit))}; slowest ${stats.slowestMs} ms; peak rss ${Math.round(stats.peakRssMb)} MB`,
    );
    const expected = Object.values(RUNS).reduce((a, b) => a + b, 0) + SAMPLE_CASES;
    assert.equal(stats.cases, expected, "every generated case ran to the end");
  });
});
