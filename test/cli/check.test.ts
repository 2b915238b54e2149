import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { BASIC, FIXTURES, json, pack, rampart, ROOT, tempFile } from "./helpers";

/**
 * `rampart check` end to end: the real CLI entry, real pack processes started as the Pulumi CLI starts
 * them, the Analyzer protocol over gRPC, and fixture packs whose policies echo what they were sent.
 */

const STACK = "urn:pulumi:dev::fixture::pulumi:pulumi:Stack::fixture-dev";
const PUBLIC = "urn:pulumi:dev::fixture::test:index:Bucket::public";
const UNTAGGED = "urn:pulumi:dev::fixture::test:index:Bucket::untagged";
const DB = "urn:pulumi:dev::fixture::test:index:Db::db";

const v = (policy: string, enforcementLevel: string, urn: string, type: string, message: string) => ({
  policyPack: "fixture-levels",
  policy,
  enforcementLevel,
  urn,
  type,
  message,
});
const BUCKET = "test:index:Bucket";

describe("rampart check with the levels fixture pack", () => {
  test("reports every violation at its level, with the engine's semantics, and exits 1", async () => {
    const run = await rampart(
      "check",
      "--export",
      BASIC,
      "--policy-pack",
      pack("levels"),
      "--format",
      "json",
    );
    assert.equal(run.stderr, "");
    assert.equal(run.code, 1);
    assert.deepEqual(json(run), {
      policyPacks: [{ name: "fixture-levels", version: "1.2.3" }],
      // The stack, the key, two buckets and the db: not the two providers, not the pending deletion.
      resources: 5,
      violations: [
        // `remediate` is reported as mandatory.
        v("fixture-bucket-encrypted", "mandatory", UNTAGGED, BUCKET, "bucket is not encrypted"),
        // The schema's default (10) reached the policy.
        v("fixture-bucket-max-size", "mandatory", UNTAGGED, BUCKET, "size 50 exceeds maxSize 10"),
        // Only the live public bucket: "going" (delete: true, public) is never analyzed.
        v("fixture-no-public-bucket", "mandatory", PUBLIC, BUCKET, "bucket is public"),
        // The provider reference resolved to the provider resource and its inputs.
        v(
          "fixture-provider-region",
          "mandatory",
          UNTAGGED,
          BUCKET,
          "provider west (pulumi:providers:test) is in us-west-2",
        ),
        // The stack policy saw the stack resource but no provider, and no URN means the stack.
        v(
          "fixture-stack-bucket-key",
          "mandatory",
          STACK,
          "pulumi:pulumi:Stack",
          "stack saw 5 resources (1 stack, 0 providers)",
        ),
        // AnalyzeStack carried outputs (the ARN is an output only) and dependencies (public depends on key).
        v(
          "fixture-stack-bucket-key",
          "mandatory",
          UNTAGGED,
          BUCKET,
          "bucket untagged (arn arn:test:untagged) depends on no key",
        ),
        v("fixture-bucket-tags", "advisory", UNTAGGED, BUCKET, "bucket has no tags"),
        // Resource options reached the policy (custom timeouts in seconds).
        v(
          "fixture-db-options",
          "advisory",
          DB,
          "test:index:Db",
          `{"protect":true,"parent":"${STACK}","aliases":["urn:pulumi:dev::fixture::test:index:Db::old-db"],"createSeconds":600,"ignoreChanges":["tags"]}`,
        ),
      ],
      // The policy reads two secrets: the token, which this export also holds in the clear (as
      // `--show-secrets` writes it), and the password, held only as ciphertext. Every secret reaches a
      // policy as an unknown value, so it cannot print one; the token's plaintext lets it run again, where
      // the password still stops it: the resource is not inspectable by it, the note names the property.
      notInspectable: [
        v(
          "fixture-db-password",
          "advisory",
          DB,
          "test:index:Db",
          "not inspectable: this policy reads `password`, which is secret and held here only as ciphertext; check an export written with `pulumi stack export --show-secrets` to judge it",
        ),
      ],
      summary: { mandatory: 6, advisory: 2, notInspectable: 1 },
    });
  });

  test("never prints a secret's plaintext or ciphertext, in any format", async () => {
    for (const format of ["table", "json", "sarif"]) {
      const run = await rampart(
        "check",
        "--export",
        BASIC,
        "--policy-pack",
        pack("levels"),
        "--format",
        format,
      );
      assert.equal(run.code, 1);
      assert.ok(!run.stdout.includes("tok-plaintext-8d1e"), format);
      assert.ok(!run.stdout.includes("fixtureciphertext"), format);
    }
  });

  test("the table groups by policy and resource, mandatory first, and ends with the summary", async () => {
    const run = await rampart("check", "--export", BASIC, "--policy-pack", pack("levels"));
    assert.equal(run.code, 1);
    const lines = run.stdout.trimEnd().split("\n");
    const headers = lines.filter((l) => l.startsWith("["));
    assert.deepEqual(headers, [
      "[MANDATORY] fixture-bucket-encrypted (fixture-levels@1.2.3)",
      "[MANDATORY] fixture-bucket-max-size (fixture-levels@1.2.3)",
      "[MANDATORY] fixture-no-public-bucket (fixture-levels@1.2.3)",
      "[MANDATORY] fixture-provider-region (fixture-levels@1.2.3)",
      "[MANDATORY] fixture-stack-bucket-key (fixture-levels@1.2.3)",
      "[ADVISORY] fixture-bucket-tags (fixture-levels@1.2.3)",
      "[ADVISORY] fixture-db-options (fixture-levels@1.2.3)",
      "[NOT INSPECTABLE] fixture-db-password (fixture-levels@1.2.3)",
    ]);
    const stackGroup = lines.slice(
      lines.indexOf("[MANDATORY] fixture-stack-bucket-key (fixture-levels@1.2.3)"),
    );
    assert.deepEqual(stackGroup.slice(0, 6), [
      "[MANDATORY] fixture-stack-bucket-key (fixture-levels@1.2.3)",
      "  Every bucket must depend on a key, and its ARN must be known.",
      `  - ${STACK}`,
      "      stack saw 5 resources (1 stack, 0 providers)",
      `  - ${UNTAGGED}`,
      "      bucket untagged (arn arn:test:untagged) depends on no key",
    ]);
    assert.equal(
      lines.at(-1),
      "FAIL: 6 mandatory violations, 2 advisory violations, 1 not inspectable in 5 resources checked by fixture-levels@1.2.3",
    );
  });

  test("several pack processes (--jobs 3) give the same verdict as one", async () => {
    const one = await rampart(
      "check",
      "--export",
      BASIC,
      "--policy-pack",
      pack("levels"),
      "--format",
      "json",
      "--jobs",
      "1",
    );
    const three = await rampart(
      "check",
      "--export",
      BASIC,
      "--policy-pack",
      pack("levels"),
      "--format",
      "json",
      "--jobs",
      "3",
    );
    assert.equal(three.code, 1);
    assert.deepEqual(json(three), json(one));
  });

  test("--out writes the report to a file and prints the summary", async () => {
    const out = tempFile("report.json", "");
    const run = await rampart(
      "check",
      "--export",
      BASIC,
      "--policy-pack",
      pack("levels"),
      "--format",
      "json",
      "--out",
      out,
    );
    assert.equal(run.code, 1);
    assert.equal(
      run.stdout,
      `FAIL: 6 mandatory violations, 2 advisory violations, 1 not inspectable in 5 resources checked by fixture-levels@1.2.3\nwrote json report to ${out}\n`,
    );
    const fs = await import("node:fs");
    assert.equal(JSON.parse(fs.readFileSync(out, "utf8")).summary.mandatory, 6);
  });
});

describe("policy config (--policy-config), as `pulumi preview --policy-pack-config`", () => {
  const withConfig = async (config: unknown) => {
    const file = tempFile("policy-config.json", JSON.stringify(config));
    const run = await rampart(
      "check",
      "--export",
      BASIC,
      "--policy-pack",
      pack("levels"),
      "--policy-config",
      file,
      "--format",
      "json",
    );
    return { run, file };
  };
  const levels = (run: { stdout: string }) =>
    (json(run as never).violations as { policy: string; enforcementLevel: string }[]).map(
      (x) => `${x.enforcementLevel} ${x.policy}`,
    );

  test("overrides levels: a string level, an object level, and disabled", async () => {
    const { run } = await withConfig({
      "fixture-bucket-tags": "mandatory",
      "fixture-no-public-bucket": "disabled",
      "fixture-db-options": { enforcementLevel: "disabled" },
      "fixture-db-password": "disabled",
    });
    assert.equal(run.code, 1);
    assert.deepEqual(levels(run), [
      "mandatory fixture-bucket-encrypted",
      "mandatory fixture-bucket-max-size",
      "mandatory fixture-bucket-tags",
      "mandatory fixture-provider-region",
      "mandatory fixture-stack-bucket-key",
      "mandatory fixture-stack-bucket-key",
    ]);
  });

  test("`all` sets every policy's level first; a policy's own entry still wins", async () => {
    const { run } = await withConfig({ all: "disabled", "fixture-no-public-bucket": "advisory" });
    assert.equal(run.code, 0);
    assert.deepEqual(json(run).violations, [
      v("fixture-no-public-bucket", "advisory", PUBLIC, BUCKET, "bucket is public"),
    ]);
    assert.deepEqual(json(run).summary, { mandatory: 0, advisory: 1, notInspectable: 0 });
  });

  test("a config value reaches the policy (over the schema default)", async () => {
    const { run } = await withConfig({ "fixture-bucket-max-size": { maxSize: 20 } });
    const sizes = json(run).violations.filter(
      (x: { policy: string }) => x.policy === "fixture-bucket-max-size",
    );
    assert.deepEqual(sizes, [
      v("fixture-bucket-max-size", "mandatory", UNTAGGED, BUCKET, "size 50 exceeds maxSize 20"),
    ]);
  });

  test("a value the policy's configSchema rejects is one clear line, exit 2", async () => {
    const bad = await withConfig({ "fixture-bucket-max-size": { maxSize: "big" } });
    assert.equal(bad.run.code, 2);
    assert.equal(bad.run.stdout, "");
    assert.equal(
      bad.run.stderr,
      `rampart: policy config ${bad.file}: fixture-bucket-max-size: maxSize: "big" must be integer\n`,
    );
    const low = await withConfig({ "fixture-bucket-max-size": { maxSize: 0, enforcementLevel: "advisory" } });
    assert.equal(
      low.run.stderr,
      `rampart: policy config ${low.file}: fixture-bucket-max-size: maxSize: 0 must be >= 1\n`,
    );
  });

  test("a setting the policy does not declare, or on a policy without a configSchema, is one line, exit 2", async () => {
    // Both were silently ignored before (the Pulumi CLI ignores them too): a typo kept the default.
    const typo = await withConfig({ "fixture-bucket-max-size": { maxSizee: 20 } });
    assert.equal(typo.run.code, 2);
    assert.equal(typo.run.stdout, "");
    assert.equal(
      typo.run.stderr,
      `rampart: policy config ${typo.file}: fixture-bucket-max-size: unknown setting "maxSizee" (did you mean "maxSize"?); expected "maxSize" or enforcementLevel\n`,
    );
    const schemaless = await withConfig({
      "fixture-no-public-bucket": { enforcementLevel: "advisory", minimumDays: 7 },
    });
    assert.equal(schemaless.run.code, 2);
    assert.equal(
      schemaless.run.stderr,
      `rampart: policy config ${schemaless.file}: fixture-no-public-bucket: has no settings (no configSchema), so "minimumDays" cannot apply; expected only an enforcementLevel\n`,
    );
  });

  test("an unknown policy name, a bad level, and a file that is not JSON are refused", async () => {
    const unknown = await withConfig({ "fixture-no-public-buckt": "mandatory" });
    assert.equal(unknown.run.code, 2);
    assert.equal(
      unknown.run.stderr,
      `rampart: policy config ${unknown.file}: pack fixture-levels@1.2.3 has no policy named "fixture-no-public-buckt"\n`,
    );
    const level = await withConfig({ "fixture-no-public-bucket": "strict" });
    assert.equal(
      level.run.stderr,
      `rampart: policy config ${level.file}: fixture-no-public-bucket: "strict" is not an enforcement level (advisory, mandatory, remediate, disabled)\n`,
    );
    const file = tempFile("broken.json", "{ nope");
    const notJson = await rampart(
      "check",
      "--export",
      BASIC,
      "--policy-pack",
      pack("levels"),
      "--policy-config",
      file,
    );
    assert.equal(notJson.code, 2);
    assert.match(notJson.stderr, new RegExp(`^rampart: policy config ${file} is not JSON: .+\\n$`));
    const missing = await rampart(
      "check",
      "--export",
      BASIC,
      "--policy-pack",
      pack("levels"),
      "--policy-config",
      "nope.json",
    );
    assert.equal(missing.stderr, "rampart: policy config nope.json does not exist\n");
  });
});

describe("robustness", () => {
  test("a policy that throws is an error naming the policy and the resource; the others still judge it", async () => {
    const run = await rampart(
      "check",
      "--export",
      BASIC,
      "--policy-pack",
      pack("throws"),
      "--format",
      "json",
    );
    assert.equal(run.code, 1);
    const e = (policy: string, urn: string, type: string, cause: string) => ({
      policyPack: "fixture-throws",
      policy,
      enforcementLevel: "mandatory",
      urn,
      type,
      message: `policy threw an error instead of checking this resource: ${cause}`,
    });
    assert.deepEqual(json(run).violations, [
      e("fixture-also-throws", PUBLIC, BUCKET, "TypeError: boom"),
      e("fixture-stack-throws", STACK, "pulumi:pulumi:Stack", "Error: stack policy failed"),
      e("fixture-throws-on-buckets", PUBLIC, BUCKET, "Error: cannot handle public"),
      e("fixture-throws-on-buckets", UNTAGGED, BUCKET, "Error: cannot handle untagged"),
      // Re-analyzed with the throwing policies disabled: the working policies' verdicts still count.
      {
        policyPack: "fixture-throws",
        policy: "fixture-no-public-bucket",
        enforcementLevel: "mandatory",
        urn: PUBLIC,
        type: BUCKET,
        message: "bucket is public",
      },
      {
        policyPack: "fixture-throws",
        policy: "fixture-stack-count",
        enforcementLevel: "advisory",
        urn: STACK,
        type: "pulumi:pulumi:Stack",
        message: "5 resources",
      },
    ]);
  });

  test("a TypeScript pack runs through ts-node, as the Pulumi CLI runs it", async () => {
    const run = await rampart("check", "--export", BASIC, "--policy-pack", pack("ts"), "--format", "json");
    assert.equal(run.code, 1);
    assert.deepEqual(json(run).violations, [
      {
        policyPack: "fixture-ts",
        policy: "fixture-ts-no-public-bucket",
        enforcementLevel: "mandatory",
        urn: PUBLIC,
        type: BUCKET,
        message: "bucket is public (ts)",
      },
    ]);
  });

  test("a pack that fails to start: exit 2 with the pack's own error", async () => {
    const run = await rampart("check", "--export", BASIC, "--policy-pack", pack("broken"));
    assert.equal(run.code, 2);
    assert.equal(run.stdout, "");
    assert.equal(
      run.stderr,
      "rampart: policy pack test/fixtures/packs/broken failed to start (exit code 32): Error: broken on purpose\n",
    );
  });

  test("our pack's loader: TypeScript that does not compile fails the start with its file and line", async (t) => {
    // A copy of policy-pack's entry point over a one-file pack with a syntax error, inside the project so
    // that its packages resolve as policy-pack's do.
    const dir = fs.mkdtempSync(path.join(FIXTURES, "packs", ".loader-"));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    fs.copyFileSync(path.join(ROOT, "policy-pack", "index.js"), path.join(dir, "index.js"));
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "loader", main: "index.js" }));
    fs.writeFileSync(
      path.join(dir, "index.ts"),
      'import { PolicyPack } from "@pulumi/policy";\nconst x = ;\n',
    );
    const label = path.relative(ROOT, dir);
    const run = await rampart("check", "--export", BASIC, "--policy-pack", label);
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      `rampart: policy pack ${label} failed to start (exit code 32): ` +
        'Error: cannot compile the policy pack: index.ts:2: Unexpected ";"\n',
    );
  });

  test("a pack that never prints its port is stopped after the timeout", async () => {
    const run = await rampart("check", "--export", BASIC, "--policy-pack", pack("silent"), "--timeout", "2");
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      "rampart: policy pack test/fixtures/packs/silent did not start within 2s (no port on stdout); stopped it\n",
    );
  });

  test("a pack that dies while analyzing: exit 2 naming the call, the exit and what it said", async () => {
    const run = await rampart("check", "--export", BASIC, "--policy-pack", pack("dies"), "--jobs", "1");
    assert.equal(run.code, 2);
    assert.equal(run.stdout, "");
    // The resource is named only when its call was the only one in flight: the pack answers in order,
    // so that depends on whether the answers before it were flushed before the pack exited.
    assert.match(
      run.stderr,
      /^rampart: policy pack test\/fixtures\/packs\/dies exited during Analyze( for urn:pulumi:dev::fixture::test:index:Db::db)? \(exit code 3\): Error: fixture pack gave up on the database; stopped it\n$/,
    );
  });

  test("a pack that hangs while analyzing is stopped after the timeout", async () => {
    const run = await rampart(
      "check",
      "--export",
      BASIC,
      "--policy-pack",
      pack("hangs"),
      "--timeout",
      "8",
      "--jobs",
      "1",
    );
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      // The pack spins on the first bucket; everything sent after it waits behind it.
      /^rampart: policy pack test\/fixtures\/packs\/hangs stopped answering: Analyze for urn:pulumi:dev::fixture::test:index:Bucket::public never returns \(found by sending the 5 unanswered calls again, one at a time, to a fresh pack\); stopped it\n$/,
    );
  });

  test("a directory that is not a policy pack, or no directory at all", async () => {
    const notPack = await rampart("check", "--export", BASIC, "--policy-pack", "test/fixtures/exports");
    assert.equal(notPack.code, 2);
    assert.equal(
      notPack.stderr,
      "rampart: test/fixtures/exports is not a policy pack: it has no PulumiPolicy.yaml\n",
    );
    const missing = await rampart("check", "--export", BASIC, "--policy-pack", "no/such/pack");
    assert.equal(missing.stderr, "rampart: policy pack directory no/such/pack does not exist\n");
  });
});

describe("bad input exits 2 with one line and no stack trace", () => {
  const cases: [string, string[], string][] = [
    [
      "a missing file",
      ["--export", "test/fixtures/exports/nope.json"],
      "stack export test/fixtures/exports/nope.json does not exist",
    ],
    [
      "an unreadable file (a directory)",
      ["--export", "test/fixtures/exports"],
      "cannot read stack export test/fixtures/exports: EISDIR",
    ],
    [
      "a JSON document that is not a stack export",
      ["--export", "test/fixtures/exports/not-export.json"],
      'test/fixtures/exports/not-export.json is not a stack export (expected {"version": 3, "deployment": {...}} as written by `pulumi stack export`)',
    ],
    [
      "an unknown deployment version",
      ["--export", "test/fixtures/exports/version-9.json"],
      "test/fixtures/exports/version-9.json has deployment version 9; rampart check reads versions 1 to 4",
    ],
    [
      "a resource without a type",
      ["--export", "test/fixtures/exports/no-type.json"],
      'test/fixtures/exports/no-type.json: resource #2 (urn:pulumi:dev::fixture::test:index:Bucket::b) has no "type"',
    ],
    [
      "a resource without a URN",
      ["--export", "test/fixtures/exports/no-urn.json"],
      'test/fixtures/exports/no-urn.json: resource #1 has no "urn"',
    ],
    ["no --export", [], "check: --export is required (a `pulumi stack export` file)"],
    [
      "an unknown format",
      ["--export", BASIC, "--format", "xml"],
      'check: --format must be one of table, json, sarif (got "xml")',
    ],
    [
      "a bad --jobs",
      ["--export", BASIC, "--jobs", "0"],
      'check: --jobs must be a whole number from 1 to 32 (got "0")',
    ],
  ];
  for (const [name, args, message] of cases) {
    test(name, async () => {
      const run = await rampart("check", ...args, "--policy-pack", pack("levels"));
      assert.equal(run.code, 2);
      assert.equal(run.stdout, "");
      assert.equal(run.stderr, `rampart: ${message}\n`);
    });
  }

  test("a file that is not JSON", async () => {
    const run = await rampart("check", "--export", "test/fixtures/exports/not-json.txt");
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^rampart: test\/fixtures\/exports\/not-json\.txt is not JSON: [^\n]+\n$/);
  });
});
