import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, test } from "node:test";
import fc from "fast-check";
import { render } from "../../cli/check";
import { analyzeExport } from "../../cli/check/analyze";
import { parseExport } from "../../cli/check/exportDoc";
import { renderJson } from "../../cli/check/format/json";
import { renderSarif } from "../../cli/check/format/sarif";
import { renderTable } from "../../cli/check/format/table";
import type { CheckReport, Finding } from "../../cli/check/model";
import { marshalProperties, SecretSet } from "../../cli/check/properties";
import { readSecretReaders, withheldTripped } from "../../cli/check/secretPass";
import { UsageError } from "../../cli/errors";
import { SECRET_SIG, SIG_KEY } from "../../cli/sdk/pulumiInternals";
import { json, pack, rampart, ROOT, tempFile } from "./helpers";

/**
 * No secret value, and no key of a secret map, reaches table, JSON or SARIF output, however a policy
 * formats what it sees; and the output does not depend on secret values at all (two exports that differ
 * only in their secrets give the same report). Secrets are generated in every shape (strings with quotes,
 * backslashes, unicode and padding; numbers; booleans; maps; lists; nested secrets) at random positions.
 */

// ---- secret shapes -------------------------------------------------------------------------------

/** A secret's shape; `instantiate` fills it with values that differ between variants 0 and 1. */
type Shape =
  | { t: "s"; pad: string; before: string; after: string }
  | { t: "n" }
  | { t: "b"; b: boolean }
  | { t: "list"; items: Shape[] }
  | { t: "map"; entries: Shape[] }
  /** A secret inside a secret (the wire allows it). */
  | { t: "inner"; of: Shape };

const decor = fc.string({
  unit: fc.constantFrom('"', "\\", "'", "é", "漢", "🔑", "\n", "\t", "\u001b", "{", "}", ":"),
  maxLength: 3,
});
const { shape } = fc.letrec<{ shape: Shape }>((tie) => ({
  shape: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({
      t: fc.constant("s" as const),
      pad: fc.constantFrom("", " ", "  \n"),
      before: decor,
      after: decor,
    }),
    fc.record({ t: fc.constant("n" as const) }),
    fc.record({ t: fc.constant("b" as const), b: fc.boolean() }),
    fc.record({ t: fc.constant("list" as const), items: fc.array(tie("shape"), { maxLength: 3 }) }),
    fc.record({
      t: fc.constant("map" as const),
      entries: fc.array(tie("shape"), { minLength: 1, maxLength: 3 }),
    }),
    fc.record({ t: fc.constant("inner" as const), of: tie("shape") }),
  ),
}));

/** Where a secret sits in a resource's properties. */
type Position = "top" | "nested" | "list";
const position = fc.constantFrom<Position>("top", "nested", "list");

interface Leaks {
  /** Text that must not appear in any output (compared case-insensitively). */
  readonly tokens: string[];
}

const wrap = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(value) });

/** The value of `s` in `variant`; records its distinctive text in `leaks`. */
function instantiate(s: Shape, variant: 0 | 1, leaks: Leaks): unknown {
  const i = leaks.tokens.length;
  switch (s.t) {
    case "s": {
      const core = `zQx${variant}n${i}Q`;
      leaks.tokens.push(core);
      return `${s.pad}${s.before}${core}${s.after}${s.pad}`;
    }
    case "n": {
      const n = 4_000_000 + variant * 1_000_000 + i * 7 + 0.25;
      leaks.tokens.push(String(n));
      return n;
    }
    case "b":
      leaks.tokens.push(`\u0000no-token-${i}`); // keeps indices aligned; booleans are covered by equality
      return variant === 0 ? s.b : !s.b;
    case "list":
      return s.items.map((x) => instantiate(x, variant, leaks));
    case "map": {
      const out: Record<string, unknown> = {};
      for (const e of s.entries) {
        const key = `kQz${variant}n${leaks.tokens.length}K`;
        leaks.tokens.push(key);
        out[key] = instantiate(e, variant, leaks);
      }
      return out;
    }
    case "inner":
      return { [SIG_KEY]: SECRET_SIG, value: instantiate(s.of, variant, leaks) };
  }
}

/** Properties with each secret at its position, beside fixed non-secret values. */
function propsWith(secrets: readonly [Shape, Position][], variant: 0 | 1, leaks: Leaks) {
  const props: Record<string, unknown> = {
    plain: "visible-value",
    n: 3,
    nested: { keep: true },
    list: ["x"],
  };
  secrets.forEach(([s, pos], i) => {
    const v = wrap(instantiate(s, variant, leaks));
    if (pos === "top") props[`secret${i}`] = v;
    else if (pos === "nested") (props.nested as Record<string, unknown>)[`secret${i}`] = v;
    else (props.list as unknown[]).push(v);
  });
  return props;
}

function assertNoLeak(outputs: readonly string[], leaks: Leaks) {
  for (const out of outputs) {
    const lower = out.toLowerCase();
    for (const t of leaks.tokens) assert.ok(!lower.includes(t.toLowerCase()), `${t} leaked:\n${out}`);
  }
}

// ---- what a policy does with what it is sent (in process) ---------------------------------------

/** @pulumi/policy's unwrapping (deserialize.js): a secret becomes its value. */
function unwrap(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unwrap);
  if (v === null || typeof v !== "object") return v;
  const o = v as Record<string, unknown>;
  if (o[SIG_KEY] === SECRET_SIG) return unwrap(o.value);
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unwrap(x)]));
}
const leaves = (v: unknown): unknown[] =>
  Array.isArray(v)
    ? v.flatMap(leaves)
    : v !== null && typeof v === "object"
      ? [v, ...Object.values(v).flatMap(leaves)]
      : [v];
const keysOf = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.flatMap(keysOf)
    : v !== null && typeof v === "object"
      ? Object.entries(v).flatMap(([k, x]) => [k, ...keysOf(x)])
      : [];
const TRANSFORMS: Record<string, (p: unknown) => string> = {
  upper: (p) => JSON.stringify(p).toUpperCase(),
  lower: (p) => JSON.stringify(p).toLowerCase(),
  trimPrefix: (p) =>
    leaves(p)
      .map((v) => `value=${String(v).trim()}`)
      .join(" "),
  json: (p) => JSON.stringify(JSON.stringify(p)),
  string: (p) => leaves(p).map(String).join(" | "),
  keys: (p) => keysOf(p).join(","),
};

function reportOf(messages: Record<string, string>): CheckReport {
  const findings: Finding[] = Object.entries(messages).map(([policy, message]) => ({
    kind: "violation",
    policyPack: "p",
    policyPackVersion: "1",
    policy,
    enforcementLevel: "advisory",
    urn: "urn:pulumi:dev::p::t:i:R::r",
    type: "t:i:R",
    message,
  }));
  return { packs: [{ name: "p", version: "1", dir: "/", policies: [] }], resources: 1, findings };
}

const secretList = fc.array(fc.tuple(shape, position), { minLength: 1, maxLength: 4 });

test("what a policy is sent holds no secret, and is the same whatever the secrets are", () => {
  fc.assert(
    fc.property(secretList, (secrets) => {
      const leaks: Leaks = { tokens: [] };
      const sent = [0, 1].map((variant) =>
        marshalProperties(propsWith(secrets, variant as 0 | 1, leaks), new SecretSet()),
      );
      assert.deepEqual(sent[0], sent[1]);
      const seen = unwrap(sent[0]);
      const messages = Object.fromEntries(Object.entries(TRANSFORMS).map(([k, f]) => [k, f(seen)]));
      const r = reportOf(messages);
      assertNoLeak([renderTable(r), renderJson(r), renderSarif(r, { root: "/" })], leaks);
      // Non-secret values reach the policy unchanged.
      const props = seen as Record<string, unknown>;
      assert.equal(props.plain, "visible-value");
      assert.equal(props.n, 3);
    }),
    { numRuns: 2000 },
  );
});

// ---- through a real pack ----------------------------------------------------------------------

const STACK_URN = "urn:pulumi:dev::leak::pulumi:pulumi:Stack::leak-dev";
const PROVIDER_URN = "urn:pulumi:dev::leak::pulumi:providers:test::default";
const PLAIN_PROVIDER_URN = "urn:pulumi:dev::leak::pulumi:providers:test::plain";

/** An export in `pulumi stack export --show-secrets` form. */
function exportDoc(resources: Record<string, unknown>[]) {
  return {
    version: 3,
    deployment: {
      manifest: { time: "2025-01-01T00:00:00Z", magic: "", version: "v3.200.0" },
      resources: [{ urn: STACK_URN, custom: false, type: "pulumi:pulumi:Stack", outputs: {} }, ...resources],
    },
  };
}
const thing = (
  name: string,
  inputs: Record<string, unknown>,
  outputs: Record<string, unknown> = {},
  providerUrn = PROVIDER_URN,
) => ({
  urn: `urn:pulumi:dev::leak::test:index:Thing::${name}`,
  custom: true,
  id: `${name}-id`,
  type: "test:index:Thing",
  inputs,
  outputs,
  parent: STACK_URN,
  provider: `${providerUrn}::default-id`,
});
const provider = (inputs: Record<string, unknown>, urn = PROVIDER_URN) => ({
  urn,
  custom: true,
  id: "default-id",
  type: "pulumi:providers:test",
  inputs,
  outputs: inputs,
});

const ECHO = path.join(ROOT, pack("echo"));

async function checkAll(doc: unknown): Promise<{ report: CheckReport; outputs: string[] }> {
  const loaded = parseExport(doc, "leak.json", JSON.stringify(doc, null, 2));
  const { report } = await analyzeExport({ export: { ...loaded, file: "leak.json" }, packDir: ECHO });
  return { report, outputs: [render(report, "table"), render(report, "json"), render(report, "sarif")] };
}

describe("through the echo pack (a real pack process)", () => {
  test("the four leaks of issue #17: map keys, transformed, JSON-escaped, numeric and boolean secrets", async () => {
    const doc = exportDoc([
      provider({ region: "us-east-1", kubeconfig: wrap({ token: "provider-Tok3n-abcd" }) }),
      thing("helm", {
        values: wrap({ "Sec-Key-Alpha": { "Sec-Key-Beta": "inner-value-1234" } }),
        password: wrap("  Hunter2-Pass  "),
        quoted: wrap('Qu0te"Mark\\Slash-9876'),
        port: wrap(8_123_456.5),
        enabled: wrap(true),
      }),
      provider({ region: "us-east-1" }, PLAIN_PROVIDER_URN),
      thing("clear", { plain: "visible-value" }, { arn: "arn:test:clear" }, PLAIN_PROVIDER_URN),
      thing("thrower", { throwIt: true, apiKey: wrap("Thrown-Key-5555") }),
    ]);
    const { report, outputs } = await checkAll(doc);
    const leaks = {
      tokens: [
        "provider-Tok3n-abcd",
        "Sec-Key-Alpha",
        "Sec-Key-Beta",
        "inner-value-1234",
        "Hunter2-Pass",
        "Qu0te",
        "Slash-9876",
        "8123456.5",
        "Thrown-Key-5555",
      ],
    };
    assertNoLeak(outputs, leaks);
    const msg = (policy: string, name: string) =>
      report.findings.filter((f) => f.policy === policy && f.urn.endsWith(`::${name}`)).map((f) => f.message);
    // Every secret, the boolean and the map included, reached the policy as an unknown value: reading
    // one stopped it (not inspectable); the export holds their plaintext, so it judged again from that,
    // and its message is withheld.
    assert.deepEqual(msg("echo-string", "helm"), [withheldTripped("echo-string")]);
    // Listing keys reads the values under them, secrets included: the same.
    assert.deepEqual(msg("echo-keys", "helm"), [withheldTripped("echo-keys")]);
    // No finding is left not inspectable: every secret here has its plaintext in the export.
    assert.deepEqual(
      report.findings.filter((f) => f.kind === "not-inspectable").map((f) => f.policy),
      [],
    );
    // Readers see plaintext (the verdict is preview's: the password is readable) ...
    const verdict = report.findings.filter((f) => f.policy === "echo-reader-verdict");
    assert.deepEqual(
      verdict.map((f) => [f.urn.split("::").pop(), f.enforcementLevel, f.message]),
      [
        [
          "helm",
          "mandatory",
          "[message withheld: echo-reader-verdict reads secret values (package.json rampart.readsSecrets) and was sent some with this resource]",
        ],
      ],
    );
    // ... their messages (and errors) are withheld where they did, exact where the resource has none.
    assert.ok(msg("echo-reader", "helm")[0]!.startsWith("[message withheld: echo-reader reads"));
    assert.deepEqual(msg("echo-reader", "clear"), ['{"plain":"visible-value"}']);
    const thrown = report.findings.filter((f) => f.policy === "echo-reader-throws");
    assert.deepEqual(
      thrown.map((f) => [f.kind, f.message.slice(0, 40)]),
      [["error", "[message withheld: echo-reader-throws re"]],
    );
    // The stack reader saw outputs with no secret: it ran once, its messages exact.
    assert.ok(msg("echo-stack-reader", "clear").includes('{"arn":"arn:test:clear"}'));
  });

  test("any secrets anywhere: no leak in any format, and the report does not depend on them", async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(secretList, fc.boolean()), { minLength: 1, maxLength: 6 }),
        secretList,
        async (resources, providerSecrets) => {
          const leaks: Leaks = { tokens: [] };
          const runs = [];
          for (const variant of [0, 1] as const) {
            const doc = exportDoc([
              provider(propsWith(providerSecrets, variant, leaks)),
              ...resources.map(([secrets, asOutput], i) => {
                const props = propsWith(secrets, variant, leaks);
                return asOutput ? thing(`r${i}`, { plain: "in" }, props) : thing(`r${i}`, props);
              }),
            ]);
            runs.push(await checkAll(doc));
          }
          cases += resources.length;
          for (const r of runs) assertNoLeak(r.outputs, leaks);
          // Readers' verdicts may depend on secrets (they read them); everything else may not.
          assert.deepEqual(runs[0]!.outputs, runs[1]!.outputs);
        },
      ),
      { numRuns: 4 },
    );
    assert.ok(cases >= 4);
  });
});

test("a pack that dies while a reader holds plaintext: exit 2, one line, its output withheld", async () => {
  const file = tempFile(
    "dies.json",
    JSON.stringify(exportDoc([thing("x", { dieWith: wrap("Dying-Secret-4242") })])),
  );
  const run = await rampart("check", "--export", file, "--policy-pack", pack("echo"));
  assert.equal(run.code, 2);
  assert.equal(
    run.stderr,
    `rampart: policy pack ${pack("echo")} failed while its policies that read secrets ran (details withheld: they saw secret values); stopped it\n`,
  );
  assertNoLeak([run.stdout, run.stderr], { tokens: ["Dying-Secret-4242"] });
});

describe("declaring the policies that read secrets (package.json rampart.readsSecrets)", () => {
  const dirWith = (pkg: unknown) => path.dirname(tempFile("package.json", JSON.stringify(pkg)));
  const names = ["a", "b"];

  test("a list of the pack's policy names; none when absent or unreadable", () => {
    assert.deepEqual(
      [...readSecretReaders(dirWith({ rampart: { readsSecrets: ["b"] } }), names, "p@1")],
      ["b"],
    );
    assert.equal(readSecretReaders(dirWith({ name: "x" }), names, "p@1").size, 0);
    assert.equal(readSecretReaders(path.join(ROOT, "no-such-dir"), names, "p@1").size, 0);
  });

  test("an unknown policy name or a value that is not a list of names is one clear error", () => {
    assert.throws(
      () => readSecretReaders(dirWith({ rampart: { readsSecrets: ["a", "c"] } }), names, "p@1"),
      (err: Error) =>
        err instanceof UsageError &&
        err.message === 'policy pack p@1: package.json rampart.readsSecrets names no policy of the pack: "c"',
    );
    assert.throws(
      () => readSecretReaders(dirWith({ rampart: { readsSecrets: "a" } }), names, "p@1"),
      (err: Error) =>
        err instanceof UsageError &&
        err.message ===
          'policy pack p@1: package.json rampart.readsSecrets must be a list of policy names (got "a")',
    );
  });
});

test("the CLI prints none of the secrets in any format (exit 1: a reader's mandatory verdict)", async () => {
  const file = tempFile(
    "leak.json",
    JSON.stringify(exportDoc([thing("db", { password: wrap("Cli-Secret-7777"), n: wrap(9_999_001.5) })])),
  );
  for (const format of ["table", "json", "sarif"]) {
    const run = await rampart("check", "--export", file, "--policy-pack", pack("echo"), "--format", format);
    assert.equal(run.code, 1, run.stderr);
    assertNoLeak([run.stdout, run.stderr], { tokens: ["Cli-Secret-7777", "9999001.5"] });
    if (format === "json") assert.equal(json(run).summary.mandatory, 1);
  }
});
