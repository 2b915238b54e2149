import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import { main } from "../../cli/main";
import { tempDir } from "../helpers/cli";
import { BASIC, FIXTURES, json, pack, rampart, rampartProcess, ROOT, type Run, tempFile } from "./helpers";

/**
 * The gate under unusual and hostile input (issue #17): every bad input is exit 2 with one line on
 * stderr, never a stack trace (exit 70); inputs are bounded in size and depth; the export formats Pulumi
 * writes are read; oddities are warned about, not fatal.
 */

const NOOP = pack("noop");
const EXPORTS = "test/fixtures/exports";

/** Exit 2 with exactly one line on stderr, containing `expected`. */
function refused(run: Run, expected: string | RegExp): void {
  assert.equal(run.code, 2, `exit code, stderr: ${run.stderr}`);
  assert.match(run.stderr, /^rampart: [^\n]*\n$/, `one line expected, got: ${JSON.stringify(run.stderr)}`);
  if (typeof expected === "string") assert.ok(run.stderr.includes(expected), run.stderr);
  else assert.match(run.stderr, expected);
}

/** A stack export whose one resource's inputs nest `depth` arrays deep. */
function nested(depth: number): string {
  const urn = "urn:pulumi:dev::fixture::test:index:Bucket::deep";
  const value = `${"[".repeat(depth)}${"]".repeat(depth)}`;
  return `{"version":3,"deployment":{"resources":[{"urn":"${urn}","custom":true,"id":"x","type":"test:index:Bucket","inputs":{"a":${value}}}]}}`;
}

describe("ordinary mistakes are one line, exit 2 (they were stack traces, exit 70)", () => {
  test("--export-out naming a directory is refused before the plan runs", async () => {
    const dir = tempDir();
    const run = await rampart("plan", "--stack", "dev", "--export-out", dir);
    refused(run, `--export-out ${dir} is a directory`);
  });

  test("an export nested thousands of levels deep is refused with the limit, not a stack overflow", async () => {
    const run = await rampart(
      "check",
      "--export",
      tempFile("deep.json", nested(20_000)),
      "--policy-pack",
      NOOP,
    );
    refused(run, "has inputs nested more than 128 levels deep (at inputs.a[0][0][0][0][0]...)");
  });

  test("the depth limit is exact: 128 levels (the inputs object and 127 arrays) pass, one more does not", async () => {
    const ok = await rampart("check", "--export", tempFile("d.json", nested(127)), "--policy-pack", NOOP);
    assert.equal(ok.code, 0, ok.stderr);
    const over = await rampart("check", "--export", tempFile("d.json", nested(128)), "--policy-pack", NOOP);
    refused(over, "nested more than 128 levels deep");
  });

  test("the real command: a deep export and a directory give one line and exit 2", async () => {
    const deep = await rampartProcess(["check", "--export", tempFile("deep.json", nested(50_000))]);
    refused(deep, "nested more than 128 levels deep");
    refused(await rampartProcess(["check", "--export", tempDir()]), ": EISDIR");
  });
});

describe("input size is bounded (--max-export-mb)", () => {
  test("/dev/zero stops at the limit with a clear message, in bounded time", async () => {
    const started = Date.now();
    const run = await rampart("check", "--export", "/dev/zero", "--max-export-mb", "2");
    refused(run, "stack export /dev/zero is larger than 2 MB, the limit (raise it with --max-export-mb N)");
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  });

  test("the default limit (256 MB) applies to the real command on /dev/zero", async () => {
    const run = await rampartProcess(["check", "--export", "/dev/zero"]);
    refused(run, "is larger than 256 MB, the limit");
  });

  test("a FIFO that never ends stops at the limit", async (t) => {
    const fifo = path.join(tempDir(), "export.fifo");
    const mk = await new Promise<number | null>((resolve) =>
      spawn("mkfifo", [fifo]).on("close", (code) => resolve(code)),
    );
    if (mk !== 0) return t.skip("mkfifo is not available");
    const writer = spawn(process.execPath, [
      "-e",
      `const fs=require("fs");const fd=fs.openSync(${JSON.stringify(fifo)},"w");const b=Buffer.alloc(65536,32);for(;;){try{fs.writeSync(fd,b)}catch{process.exit(0)}}`,
    ]);
    t.after(() => writer.kill("SIGKILL"));
    const run = await rampart("check", "--export", fifo, "--max-export-mb", "1");
    refused(run, "is larger than 1 MB, the limit");
  });

  test("a regular file over the limit is refused from its size; the limit is raised by the flag", async () => {
    const big = tempFile(
      "big.json",
      `${" ".repeat(1024 * 1024)}${fs.readFileSync(path.join(ROOT, BASIC), "utf8")}`,
    );
    refused(await rampart("check", "--export", big, "--max-export-mb", "1"), "is larger than 1 MB");
    const raised = await rampart("check", "--export", big, "--max-export-mb", "2", "--policy-pack", NOOP);
    assert.equal(raised.code, 0, raised.stderr);
  });

  test("--max-export-mb takes 1 to 500 (V8's longest string), for check and verify", async () => {
    for (const bad of ["0", "501", "-3", "ten"]) {
      refused(
        await rampart("check", "--export", BASIC, "--max-export-mb", bad),
        "--max-export-mb must be a whole number from 1 to 500",
      );
    }
    refused(await rampart("verify", "--export", "/dev/zero", "--max-export-mb", "1"), "is larger than 1 MB");
  });
});

describe("the policy config is bounded too", () => {
  test("/dev/zero as --policy-config stops at 16 MB (it grew to 16 GB and aborted)", async () => {
    refused(
      await rampart("check", "--export", BASIC, "--policy-config", "/dev/zero"),
      "policy config /dev/zero is larger than 16 MB, the limit",
    );
  });

  test("a policy config nested thousands of levels is refused before it reaches the protobuf encoder", async () => {
    const file = tempFile(
      "deep-config.json",
      `{"fixture-noop": ${'{"k":'.repeat(5000)}1${"}".repeat(5000)}}`,
    );
    refused(
      await rampart("check", "--export", BASIC, "--policy-pack", NOOP, "--policy-config", file),
      `policy config ${file} nests more than 128 levels deep (at .fixture-noop.k.k.k.k.k...)`,
    );
  });
});

describe("the export formats Pulumi writes", () => {
  const readLikeV3: [string, string][] = [
    ["deployment version 4 (features in use) is read like version 3", "v4.json"],
    [
      "a self-managed backend's checkpoint file (.pulumi/stacks/<stack>.json) is read like an export",
      "checkpoint.json",
    ],
  ];
  for (const [name, file] of readLikeV3)
    test(name, async () => {
      const v3 = json(await rampart("check", "--export", BASIC, "--policy-pack", NOOP, "--format", "json"));
      const run = await rampart(
        "check",
        "--export",
        `${EXPORTS}/${file}`,
        "--policy-pack",
        NOOP,
        "--format",
        "json",
      );
      assert.equal(run.code, 0, run.stderr);
      assert.equal(json(run).resources, v3.resources);
    });

  test("a version-4 feature Pulumi's reader does not know is refused, as Pulumi refuses it", async () => {
    refused(
      await rampart("check", "--export", `${EXPORTS}/v4-unknown-feature.json`),
      'uses deployment features rampart does not know: "futureThing" (known: refreshBeforeUpdate, views, hooks, taint)',
    );
  });

  test("a never-deployed checkpoint is an empty stack: checked, with a warning", async () => {
    const run = await rampart(
      "check",
      "--export",
      `${EXPORTS}/checkpoint-never-deployed.json`,
      "--policy-pack",
      NOOP,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stderr,
      `rampart: warning: ${EXPORTS}/checkpoint-never-deployed.json holds no resources: there is nothing to check (was the stack ever deployed?)\n`,
    );
  });

  test('a "type" that is not a string says so', async () => {
    refused(
      await rampart("check", "--export", `${EXPORTS}/type-not-string.json`),
      `${EXPORTS}/type-not-string.json: resource #4 (urn:pulumi:dev::fixture::test:index:Key::key) has a "type" that is not a string (got number 7)`,
    );
  });
});

describe("oddities are warnings (one line each on stderr), not failures", () => {
  test("a duplicate live URN, a dangling parent and a dangling provider", async () => {
    const file = `${EXPORTS}/oddities.json`;
    const run = await rampart("check", "--export", file, "--policy-pack", NOOP);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.stderr.split("\n").filter(Boolean), [
      `rampart: warning: ${file} has 1 URN held by more than one live resource: "urn:pulumi:dev::fixture::test:index:Key::key"`,
      `rampart: warning: ${file} names 1 parent that is not in it: "urn:pulumi:dev::fixture::test:index:Group::gone"`,
      `rampart: warning: ${file} names 1 provider that is not in it: "urn:pulumi:dev::fixture::pulumi:providers:test::east::east-id"`,
    ]);
  });

  test("verify warns the same way; a clean export warns about nothing", async () => {
    const run = await rampart("verify", "--export", `${EXPORTS}/oddities.json`);
    assert.match(run.stderr, /^rampart: warning: .* names 1 parent that is not in it/m);
    const clean = await rampart("check", "--export", BASIC, "--policy-pack", NOOP);
    assert.equal(clean.stderr, "");
  });
});

describe("flags", () => {
  for (const command of ["plan", "check", "verify"]) {
    test(`${command} --help and -h print that command's usage on stdout, exit 0`, async () => {
      for (const flag of ["--help", "-h"]) {
        const run = await rampart(command, flag);
        assert.equal(run.code, 0, run.stderr);
        assert.equal(run.stderr, "");
        assert.match(run.stdout, new RegExp(`^usage:\\n  rampart ${command} `));
      }
    });
  }

  test("a repeated flag is refused, naming it (parseArgs would silently keep the last)", async () => {
    refused(
      await rampart("check", "--export", BASIC, "--export", "other.json"),
      "check: --export is given more than once (give it once)",
    );
    refused(
      await rampart("plan", "--stack", "dev", "--format", "json", "--format", "table"),
      "--format is given more than once",
    );
  });

  test("a negative --timeout is refused by its own rule, written either way", async () => {
    for (const argv of [["--timeout", "-1"], ["--timeout=-5"]]) {
      refused(
        await rampart("check", "--export", BASIC, ...argv),
        /--timeout must be a whole number from 1 to 3600 \(got "-\d"\)/,
      );
    }
  });
});

describe("reports", () => {
  test("SARIF names an export outside the working directory by an absolute file URI", async () => {
    const outside = path.join(tempDir(), "prod export.json");
    fs.copyFileSync(path.join(ROOT, BASIC), outside);
    const run = await rampart(
      "check",
      "--export",
      outside,
      "--policy-pack",
      pack("levels"),
      "--format",
      "sarif",
    );
    const uris = new Set(
      json(run).runs.flatMap(
        (r: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }) =>
          r.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri),
      ),
    );
    assert.deepEqual([...uris], [pathToFileURL(outside).href]);
    const inside = await rampart(
      "check",
      "--export",
      BASIC,
      "--policy-pack",
      pack("levels"),
      "--format",
      "sarif",
    );
    assert.equal(json(inside).runs[0].artifacts[0].location.uri, BASIC);
  });

  test("a pack with a syntax error is reported with its file and line", async (t) => {
    // Written here rather than kept as a fixture, which the formatter could not parse. Inside
    // test/fixtures/packs so that it resolves @pulumi/policy as a third-party pack would.
    const dir = fs.mkdtempSync(path.join(FIXTURES, "packs", ".syntax-"));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    fs.writeFileSync(
      path.join(dir, "package.json"),
      '{"name": "fixture-syntax", "version": "1.0.0", "main": "index.js"}',
    );
    const source = [
      '"use strict";',
      'const { PolicyPack } = require("@pulumi/policy");',
      "",
      'new PolicyPack("x", { policies: [ });',
    ];
    fs.writeFileSync(path.join(dir, "index.js"), `${source.join("\n")}\n`);
    const rel = path.relative(ROOT, dir);
    const run = await rampart("check", "--export", BASIC, "--policy-pack", rel);
    refused(run, `: SyntaxError: Unexpected token '}' (at ${rel}/index.js:4)`);
  });

  test("a progress line is drawn on a terminal's stderr only, and erased at the end", async () => {
    const run = async (tty: boolean) => {
      let stderr = "";
      const cwd = process.cwd();
      process.chdir(ROOT);
      try {
        const code = await main(["check", "--export", BASIC, "--policy-pack", NOOP], {
          stdout: () => undefined,
          stderr: (s) => (stderr += s),
          stderrIsTTY: tty,
          progressDelayMs: 0,
        });
        return { code, stderr };
      } finally {
        process.chdir(cwd);
      }
    };
    const tty = await run(true);
    assert.equal(tty.code, 0);
    assert.match(tty.stderr, /\r\u001b\[Krampart: checked 5 of 5 resources \(100%\)/);
    assert.ok(tty.stderr.endsWith("\r\u001b[K"), JSON.stringify(tty.stderr));
    assert.equal((await run(false)).stderr, "");
  });
});
