import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import { computeManifest } from "../../../cli/model/manifest";
import { MANIFEST_FILE, SIGNATURE_FILE } from "../../../components/workloads/modelServer.args";
import {
  FETCH_SCRIPT,
  modelInitSteps,
  VERIFY_FILES_SCRIPT,
} from "../../../components/workloads/modelServer.init";
import { tempDir } from "../../helpers/cli";

/**
 * The init steps' shape, and their scripts run for real with `sh` (dash here: POSIX sh) and GNU
 * coreutils/findutils on temporary directories, against manifests made by `rampart model`'s own code.
 */

const PREFIX = "llama-3.1-8b/2026-11-30/";
const IMAGES = {
  fetch: "123456789012.dkr.ecr.us-east-1.amazonaws.com/rampart-prod/aws-cli@sha256:" + "a".repeat(64),
  verify: "123456789012.dkr.ecr.us-east-1.amazonaws.com/rampart-prod/cosign@sha256:" + "b".repeat(64),
};
const OPTIONS = {
  images: IMAGES,
  bucket: "rampart-prod-models-abc",
  prefix: PREFIX,
  region: "us-east-1",
  modelDir: "/models",
  publicKeyPath: "/etc/rampart/signing/cosign.pub",
};

describe("modelInitSteps", () => {
  const steps = modelInitSteps(OPTIONS);

  test("three steps in order: fetch, verify-signature, verify-files", () => {
    assert.deepEqual(
      steps.map((s) => [s.name, s.image]),
      [
        ["fetch", IMAGES.fetch],
        ["verify-signature", IMAGES.verify],
        ["verify-files", IMAGES.fetch],
      ],
    );
    for (const s of steps)
      assert.deepEqual(Object.keys(s).sort(), ["args", "command", "env", "image", "name"]);
  });

  test("fetch: sh -ec, signed requests only, the bucket, prefix, target and region from env", () => {
    const fetch = steps[0]!;
    assert.deepEqual(fetch.command, ["sh", "-ec"]);
    assert.deepEqual(fetch.args, [FETCH_SCRIPT]);
    assert.doesNotMatch(FETCH_SCRIPT, /no-sign-request/);
    assert.deepEqual(fetch.env, [
      { name: "BUCKET", value: "rampart-prod-models-abc" },
      { name: "MODEL_DIR", value: "/models" },
      { name: "PREFIX", value: PREFIX },
      { name: "AWS_REGION", value: "us-east-1" },
    ]);
  });

  test("verify-signature: cosign verify-blob with the mounted key, offline, no shell", () => {
    const verify = steps[1]!;
    assert.deepEqual(verify.command, []);
    assert.deepEqual(verify.args, [
      "verify-blob",
      "--key",
      "/etc/rampart/signing/cosign.pub",
      "--signature",
      `/models/${PREFIX}${SIGNATURE_FILE}`,
      "--insecure-ignore-tlog=true",
      `/models/${PREFIX}${MANIFEST_FILE}`,
    ]);
    assert.deepEqual(verify.env, []);
  });

  test("verify-files: the check script with MODEL_DIR and PREFIX", () => {
    const files = steps[2]!;
    assert.deepEqual(files.command, ["sh", "-c"]);
    assert.deepEqual(files.args, [VERIFY_FILES_SCRIPT]);
    assert.deepEqual(files.env, [
      { name: "MODEL_DIR", value: "/models" },
      { name: "PREFIX", value: PREFIX },
    ]);
  });
});

/** A fetched model: MODEL_DIR/<prefix>{files, MANIFEST.sha256, MANIFEST.sha256.sig}, made by our manifest code. */
async function fetchedModel(
  prefix = PREFIX,
  manifestPrefix = prefix,
): Promise<{ modelDir: string; version: string }> {
  const modelDir = tempDir("rampart-init-");
  const version = path.join(modelDir, ...prefix.split("/"));
  fs.mkdirSync(path.join(version, "shards"), { recursive: true });
  fs.writeFileSync(path.join(version, "config.json"), '{"model_type":"llama"}\n');
  fs.writeFileSync(
    path.join(version, "shards", "model-00001-of-00002.safetensors"),
    Buffer.alloc(300_000, 7),
  );
  fs.writeFileSync(
    path.join(version, "shards", "model-00002-of-00002.safetensors"),
    Buffer.alloc(200_000, 9),
  );
  fs.writeFileSync(path.join(version, "tokenizer config.json"), "{}\n"); // a space is allowed
  const { text } = await computeManifest(version, manifestPrefix, "test");
  fs.writeFileSync(path.join(version, MANIFEST_FILE), text);
  fs.writeFileSync(path.join(version, SIGNATURE_FILE), "MEUCIQ==");
  return { modelDir, version };
}

function runScript(script: string, env: Record<string, string>, extraPath?: string, shell = "sh") {
  const r = spawnSync(shell, ["-c", script], {
    env: { PATH: `${extraPath ? `${extraPath}:` : ""}${process.env.PATH ?? "/usr/bin:/bin"}`, ...env },
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const verifyFiles = (modelDir: string, prefix = PREFIX, shell = "sh") =>
  runScript(VERIFY_FILES_SCRIPT, { MODEL_DIR: modelDir, PREFIX: prefix }, undefined, shell);

describe("VERIFY_FILES_SCRIPT, run with sh", () => {
  test("a fetched model that matches its manifest passes", async () => {
    const { modelDir } = await fetchedModel();
    const r = verifyFiles(modelDir);
    assert.equal(r.stderr, "");
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `verify-files: 4 files match ${PREFIX}${MANIFEST_FILE}\n`);
  });

  test("a changed file fails: sha256sum names it", async () => {
    const { modelDir, version } = await fetchedModel();
    fs.appendFileSync(path.join(version, "config.json"), " ");
    const r = verifyFiles(modelDir);
    assert.equal(r.code, 1);
    assert.match(r.stdout + r.stderr, new RegExp(`${PREFIX}config.json: FAILED`));
    assert.match(r.stderr, /verify-files: a file's SHA-256 differs from the manifest \(above\)\n$/);
  });

  test("a missing file fails, named", async () => {
    const { modelDir, version } = await fetchedModel();
    fs.rmSync(path.join(version, "shards", "model-00002-of-00002.safetensors"));
    const r = verifyFiles(modelDir);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `verify-files: missing (listed in the manifest): ${PREFIX}shards/model-00002-of-00002.safetensors\n`,
    );
  });

  test("an extra file fails, named (also a hidden one)", async () => {
    const { modelDir, version } = await fetchedModel();
    fs.writeFileSync(path.join(version, "shards", ".extra.py"), "import os\n");
    const r = verifyFiles(modelDir);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `verify-files: extra (not in the manifest): ${PREFIX}shards/.extra.py\n`);
  });

  test("a manifest made for another prefix fails", async () => {
    const { modelDir } = await fetchedModel(PREFIX, "llama-3.1-8b/2026-11-29/");
    const r = verifyFiles(modelDir);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /line 1 is not under llama-3\.1-8b\/2026-11-30\/ \(a manifest for another prefix\)/,
    );
  });

  test("a malformed line, an empty manifest, a file listed twice, a missing manifest: each fails", async () => {
    const cases: [string, (m: string) => string | undefined, RegExp][] = [
      [
        "upper-case hex",
        (m) => m.replace(/^[0-9a-f]{64}/, (h) => h.toUpperCase()),
        /line 1 is not '<sha256>  <path>'/,
      ],
      ["one space", (m) => m.replace("  ", " "), /line 1 is not/],
      [
        "dot-dot",
        (m) => m.replace(`${PREFIX}config.json`, `${PREFIX}../x`),
        /line 1 is not a plain relative path/,
      ],
      ["empty", () => "", /lists no file/],
      ["twice", (m) => m + m.split("\n")[0] + "\n", /listed twice: .*config\.json/],
      ["missing", () => undefined, /MANIFEST\.sha256 is missing/],
    ];
    for (const [label, edit, expected] of cases) {
      const { modelDir, version } = await fetchedModel();
      const file = path.join(version, MANIFEST_FILE);
      const next = edit(fs.readFileSync(file, "utf8"));
      if (next === undefined) fs.rmSync(file);
      else fs.writeFileSync(file, next);
      const r = verifyFiles(modelDir);
      assert.equal(r.code, 1, label);
      assert.match(r.stderr, expected, label);
    }
  });

  test("a symlink or FIFO among the fetched files fails", async () => {
    const { modelDir, version } = await fetchedModel();
    fs.symlinkSync("/etc/passwd", path.join(version, "link"));
    const r = verifyFiles(modelDir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /not a regular file: .*link/);
    fs.rmSync(path.join(version, "link"));
    assert.equal(spawnSync("mkfifo", [path.join(version, "pipe")]).status, 0);
    const fifo = verifyFiles(modelDir);
    assert.equal(fifo.code, 1);
    assert.match(fifo.stderr, /not a regular file: .*pipe/);
  });

  test("bash as sh (Amazon Linux's /bin/sh) gives the same verdicts", async () => {
    const { modelDir, version } = await fetchedModel();
    assert.equal(verifyFiles(modelDir, PREFIX, "bash").code, 0);
    fs.writeFileSync(path.join(version, "extra"), "x");
    const r = verifyFiles(modelDir, PREFIX, "bash");
    assert.equal(r.code, 1);
    // (This machine's ~/.bashrc may print a line of its own first: the verdict is the last line.)
    assert.ok(r.stderr.endsWith(`verify-files: extra (not in the manifest): ${PREFIX}extra\n`), r.stderr);
  });
});

describe("FETCH_SCRIPT, run with sh and a recording `aws`", () => {
  test("clears the target, then copies the prefix recursively with the region; a failure stops it", () => {
    const bin = tempDir("rampart-fakeaws-");
    const log = path.join(bin, "calls");
    fs.writeFileSync(
      path.join(bin, "aws"),
      `#!/bin/sh\nprintf '%s\\n' "$@" > "${log}"\nexit "\${FAKE_EXIT:-0}"\n`,
      { mode: 0o755 },
    );
    const modelDir = tempDir("rampart-fetch-");
    const stale = path.join(modelDir, ...PREFIX.split("/"), "stale");
    fs.mkdirSync(path.dirname(stale), { recursive: true });
    fs.writeFileSync(stale, "from a failed attempt");
    const env = { BUCKET: "rampart-prod-models-abc", PREFIX, MODEL_DIR: modelDir, AWS_REGION: "us-east-1" };
    const ok = spawnSync("sh", ["-ec", FETCH_SCRIPT], {
      env: { ...env, PATH: `${bin}:${process.env.PATH}` },
      encoding: "utf8",
    });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(fs.existsSync(stale), false);
    assert.deepEqual(fs.readFileSync(log, "utf8").trim().split("\n"), [
      "s3",
      "cp",
      `s3://rampart-prod-models-abc/${PREFIX}`,
      `${modelDir}/${PREFIX}`,
      "--recursive",
      "--region",
      "us-east-1",
      "--only-show-errors",
      "--no-progress",
    ]);
    const failed = spawnSync("sh", ["-ec", FETCH_SCRIPT], {
      env: { ...env, FAKE_EXIT: "1", PATH: `${bin}:${process.env.PATH}` },
      encoding: "utf8",
    });
    assert.equal(failed.status, 1);
  });
});
