import assert from "node:assert/strict";
import { createHash, generateKeyPairSync, type KeyObject, verify } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import { main } from "../../cli/main";
import { runModel } from "../../cli/model/command";
import { MANIFEST_FILE, SIGNATURE_FILE } from "../../components/workloads/modelServer.args";
import { rampart as rampartProcess, STACK_FRAME, tempDir } from "../helpers/cli";
import { fakeKms, fakeStore, signDigest } from "./modelFakes";

/**
 * `rampart model`: real files in temporary directories, a local P-256 key pair from node:crypto, and
 * for the KMS and S3 paths, fakes injected where the SDK would be (the same code around them).
 */

const PREFIX = "llama-3.1-8b/2026-11-30/";
const ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

function keyPair(
  dir: string,
  name = "signing",
): { privateKey: KeyObject; privateFile: string; publicFile: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const privateFile = path.join(dir, `${name}.key.pem`);
  const publicFile = path.join(dir, `${name}.pub.pem`);
  fs.writeFileSync(privateFile, privateKey.export({ type: "pkcs8", format: "pem" }));
  fs.writeFileSync(publicFile, publicKey.export({ type: "spki", format: "pem" }));
  return { privateKey, privateFile, publicFile };
}

/** A small model directory: nested shards, names that sort differently bytewise and by locale. */
function modelDir(): string {
  const dir = tempDir("rampart-model-");
  fs.mkdirSync(path.join(dir, "shards"));
  fs.writeFileSync(path.join(dir, "config.json"), '{"model_type":"llama"}\n');
  fs.writeFileSync(path.join(dir, "Zeta.txt"), "Z\n");
  fs.writeFileSync(path.join(dir, "shards", "model-00001-of-00002.safetensors"), Buffer.alloc(2_000_000, 1));
  fs.writeFileSync(path.join(dir, "shards", "model-00002-of-00002.safetensors"), Buffer.alloc(1_000_000, 2));
  fs.writeFileSync(path.join(dir, "shards", MANIFEST_FILE), "not the top-level manifest: a model file\n");
  return dir;
}

const sha = (b: string | Buffer) => createHash("sha256").update(b).digest("hex");

async function run(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(["model", ...argv], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

/** One line on stderr, `rampart: model <sub>: ...`, exit 2. */
function assertUsage(r: { code: number; stdout: string; stderr: string }, expected: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, "");
  assert.equal(r.stderr.split("\n").length, 2, r.stderr);
  assert.match(r.stderr, expected);
}

describe("rampart model manifest", () => {
  test("sha256sum's text format: <hex>  <prefix><path>, sorted bytewise, LF, a final newline", async () => {
    const dir = modelDir();
    fs.writeFileSync(path.join(dir, MANIFEST_FILE), "old manifest: not listed\n");
    fs.writeFileSync(path.join(dir, SIGNATURE_FILE), "old signature: not listed");
    const r = await run("manifest", dir, "--prefix", PREFIX);
    assert.equal(r.code, 0, r.stderr);
    const file = (p: string) => fs.readFileSync(path.join(dir, ...p.split("/")));
    const paths = [
      "Zeta.txt",
      "config.json",
      `shards/${MANIFEST_FILE}`,
      "shards/model-00001-of-00002.safetensors",
      "shards/model-00002-of-00002.safetensors",
    ];
    assert.equal(r.stdout, paths.map((p) => `${sha(file(p))}  ${PREFIX}${p}\n`).join(""));
  });

  test("--out writes the file", async () => {
    const dir = modelDir();
    const out = path.join(tempDir(), "m.sha256");
    const r = await run("manifest", dir, "--prefix", PREFIX, "--out", out);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `wrote ${out} (5 files under ${PREFIX})\n`);
    assert.equal(fs.readFileSync(out, "utf8").split("\n").length, 6);
  });
});

describe("rampart model sign, then verify", () => {
  test("sign writes the manifest and a base64 DER signature (no newline) that node's crypto verifies; verify passes", async () => {
    const dir = modelDir();
    const keys = keyPair(tempDir());
    const signed = await run("sign", dir, "--prefix", PREFIX, "--key-file", keys.privateFile);
    assert.equal(signed.code, 0, signed.stderr);
    assert.equal(
      signed.stdout,
      `signed 5 files under ${PREFIX}: wrote ${path.join(dir, MANIFEST_FILE)} and ${SIGNATURE_FILE}\n`,
    );
    const manifest = fs.readFileSync(path.join(dir, MANIFEST_FILE));
    const sig = fs.readFileSync(path.join(dir, SIGNATURE_FILE), "utf8");
    assert.match(sig, /^[A-Za-z0-9+/]+=*$/);
    const der = Buffer.from(sig, "base64");
    assert.equal(der[0], 0x30); // ASN.1 SEQUENCE { r, s }
    assert.ok(
      verify("sha256", manifest, { key: fs.readFileSync(keys.publicFile, "utf8"), dsaEncoding: "der" }, der),
    );

    const verified = await run("verify", dir, "--prefix", PREFIX, "--public-key", keys.publicFile);
    assert.deepEqual(verified, {
      code: 0,
      stdout: `verified ${PREFIX}: signature and 5 file digests, no file missing or extra\n`,
      stderr: "",
    });
  });

  async function signed() {
    const dir = modelDir();
    const keys = keyPair(tempDir());
    assert.equal((await run("sign", dir, "--prefix", PREFIX, "--key-file", keys.privateFile)).code, 0);
    return {
      dir,
      keys,
      verify: (prefix = PREFIX, pub = keys.publicFile) =>
        run("verify", dir, "--prefix", prefix, "--public-key", pub),
    };
  }

  test("a changed file is rejected, with both digests", async () => {
    const m = await signed();
    fs.appendFileSync(path.join(m.dir, "config.json"), " ");
    const now = sha(fs.readFileSync(path.join(m.dir, "config.json")));
    const r = await m.verify();
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      new RegExp(
        `^changed: config\\.json \\(sha256 ${now}, the manifest says [0-9a-f]{64}\\)\\nFAILED: 1 problem under ${PREFIX}\\n$`,
      ),
    );
  });

  test("a missing file is rejected", async () => {
    const m = await signed();
    fs.rmSync(path.join(m.dir, "shards", "model-00002-of-00002.safetensors"));
    const r = await m.verify();
    assert.equal(r.code, 1);
    assert.equal(
      r.stdout,
      `missing: shards/model-00002-of-00002.safetensors (listed in the manifest)\nFAILED: 1 problem under ${PREFIX}\n`,
    );
  });

  test("an extra file is rejected", async () => {
    const m = await signed();
    fs.writeFileSync(path.join(m.dir, "shards", "modeling_evil.py"), "import os\n");
    const r = await m.verify();
    assert.equal(r.code, 1);
    assert.equal(
      r.stdout,
      `extra: shards/modeling_evil.py (not in the manifest)\nFAILED: 1 problem under ${PREFIX}\n`,
    );
  });

  test("every problem is listed at once", async () => {
    const m = await signed();
    fs.appendFileSync(path.join(m.dir, "Zeta.txt"), "!");
    fs.rmSync(path.join(m.dir, "config.json"));
    fs.writeFileSync(path.join(m.dir, "extra.bin"), "x");
    const r = await m.verify();
    assert.equal(r.code, 1);
    assert.deepEqual(
      r.stdout.split("\n").map((l) => l.split(" ")[0]),
      ["missing:", "extra:", "changed:", "FAILED:", ""],
    );
  });

  test("a wrong signature is rejected: another key, a changed manifest, a garbled signature file, none", async () => {
    const m = await signed();
    const other = keyPair(tempDir(), "other");
    const bad = (r: { code: number; stdout: string }) => {
      assert.equal(r.code, 1);
      assert.match(
        r.stdout,
        new RegExp(
          `^signature: ${SIGNATURE_FILE.replace(/\./g, "\\.")} does not verify over ${MANIFEST_FILE.replace(/\./g, "\\.")} with .* \\(the manifest was changed, or signed with another key\\)\\nFAILED: 1 problem`,
        ),
      );
    };
    bad(await m.verify(PREFIX, other.publicFile));

    // The attacker changes a file and rewrites its line: the digests agree, the signature does not.
    const manifestFile = path.join(m.dir, MANIFEST_FILE);
    const original = fs.readFileSync(manifestFile, "utf8");
    fs.writeFileSync(path.join(m.dir, "config.json"), "{}");
    fs.writeFileSync(manifestFile, original.replace(/^[0-9a-f]{64}(?=  .*config\.json$)/m, sha("{}")));
    bad(await m.verify());

    fs.writeFileSync(manifestFile, original);
    fs.writeFileSync(path.join(m.dir, SIGNATURE_FILE), "not base64!");
    bad(await m.verify());

    fs.rmSync(path.join(m.dir, SIGNATURE_FILE));
    const none = await m.verify();
    assert.equal(none.code, 1);
    assert.match(none.stdout, /^missing: MANIFEST\.sha256\.sig \(the manifest is not signed\)\n/);
  });

  test("a manifest signed for another prefix is rejected (no replay at another version)", async () => {
    const m = await signed();
    const r = await m.verify("llama-3.1-8b/2026-12-07/");
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^MANIFEST\.sha256 line 1 lists "llama-3\.1-8b\/2026-11-30\/Zeta\.txt", not under --prefix llama-3\.1-8b\/2026-12-07\/ \(the manifest was made for another prefix\)\n/,
    );
  });

  test("sign replaces the old manifest and signature (they are not listed)", async () => {
    const m = await signed();
    assert.equal((await run("sign", m.dir, "--prefix", PREFIX, "--key-file", m.keys.privateFile)).code, 0);
    assert.equal((await m.verify()).code, 0);
  });
});

describe("rampart model: bad input is one line and exit 2", () => {
  const keys = keyPair(tempDir());
  const prefixes: [string, RegExp][] = [
    ["llama/2026", /--prefix "llama\/2026" does not end in "\/"/],
    ["/llama/2026/", /--prefix "\/llama\/2026\/" has the segment ""/],
    ["llama/../2026/", /has the segment "\.\."/],
    ["llama//2026/", /has the segment ""/],
    ["llama/2026 11/", /has the segment "2026 11"/],
    ["", /--prefix is empty/],
  ];
  for (const [prefix, expected] of prefixes)
    test(`--prefix ${JSON.stringify(prefix)}`, async () => {
      assertUsage(await run("manifest", modelDir(), "--prefix", prefix), expected);
    });

  test("names the manifest cannot carry, symlinks, an empty or missing directory", async () => {
    const cases: [(dir: string) => void, RegExp][] = [
      [(d) => fs.writeFileSync(path.join(d, "a\\b"), ""), /"a\\\\b" has a backslash in its name/],
      [(d) => fs.writeFileSync(path.join(d, "a\nb"), ""), /"a\\nb" has a control character/],
      [
        (d) => fs.symlinkSync("/etc/passwd", path.join(d, "shards", "link")),
        /shards\/link is a symbolic link/,
      ],
    ];
    for (const [edit, expected] of cases) {
      const dir = modelDir();
      edit(dir);
      assertUsage(await run("manifest", dir, "--prefix", PREFIX), expected);
    }
    assertUsage(await run("manifest", tempDir(), "--prefix", PREFIX), /has no files to list/);
    assertUsage(
      await run("manifest", "/nonexistent/model", "--prefix", PREFIX),
      /\/nonexistent\/model does not exist/,
    );
  });

  test("flags: missing, repeated, unknown, contradictory; keys of the wrong kind", async () => {
    const dir = modelDir();
    const rsa = path.join(tempDir(), "rsa.pem");
    fs.writeFileSync(
      rsa,
      generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }),
    );
    const cases: [string[], RegExp][] = [
      [["manifest", "--prefix", PREFIX], /^rampart: model manifest: DIR is required/],
      [["manifest", dir], /--prefix is required/],
      [["manifest", dir, dir, "--prefix", PREFIX], /one DIR expected/],
      [["manifest", dir, "--prefix", PREFIX, "--prefix", PREFIX], /--prefix is given more than once/],
      [
        ["manifest", dir, "--prefix", PREFIX, "--bogus", "x"],
        /^rampart: model manifest: Unknown option '--bogus'/,
      ],
      [
        ["sign", dir, "--prefix", PREFIX],
        /--key awskms:\/\/\/<ARN> or --key-file <PEM private key> is required/,
      ],
      [
        ["sign", dir, "--prefix", PREFIX, "--key", `awskms:///${ARN}`, "--key-file", keys.privateFile],
        /give --key or --key-file, not both/,
      ],
      [["sign", dir, "--prefix", PREFIX, "--key", ARN], /is not awskms:\/\/\/<KMS key ARN>/],
      [
        ["sign", dir, "--prefix", PREFIX, "--key-file", rsa],
        /--key-file .* is a rsa key \(expected ECDSA P-256, KMS ECC_NIST_P256\)/,
      ],
      [
        ["sign", dir, "--prefix", PREFIX, "--key-file", keys.publicFile],
        /is not an unencrypted PEM private key/,
      ],
      [["verify", dir, "--prefix", PREFIX], /--public-key is required/],
      [
        ["verify", dir, "--prefix", PREFIX, "--public-key", "/nonexistent.pem"],
        /--public-key \/nonexistent\.pem cannot be read/,
      ],
      [["publish", dir, "--prefix", PREFIX, "--key-file", keys.privateFile], /--bucket is required/],
      [
        ["publish", dir, "--prefix", PREFIX, "--bucket", "Bad_Bucket", "--key-file", keys.privateFile],
        /--bucket "Bad_Bucket" is not an S3 bucket name/,
      ],
    ];
    for (const [argv, expected] of cases) assertUsage(await run(...argv), expected);
  });

  test("an unknown or missing subcommand prints the usage; --help prints it with exit 0", async () => {
    const unknown = await run("frobnicate");
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.stderr,
      /^rampart: model: unknown subcommand "frobnicate" \(expected manifest, sign, verify or publish\)\nusage:\n  rampart model manifest/,
    );
    assert.equal((await run()).code, 2);
    const help = await run("sign", "--help");
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^usage:\n  rampart model manifest DIR --prefix P/);
    assert.match(help.stdout, /\(docs\/MODEL-MANIFEST\.md explains each flag\)\n$/);
  });

  test("as a process: one line, no stack trace", () => {
    const r = rampartProcess(["model", "sign", modelDir(), "--prefix", "nope"]);
    assert.equal(r.code, 2);
    assert.doesNotMatch(r.stderr, STACK_FRAME);
    assert.equal(
      r.stderr,
      `rampart: model sign: --prefix "nope" does not end in "/" (e.g. llama-3.1-8b/2026-11-30/)\n`,
    );
  });
});

describe("the KMS path (a fake KMS client in place of the SDK's)", () => {
  test("Sign gets the manifest's SHA-256 as a DIGEST with ECDSA_SHA_256; node's crypto verifies the result", async () => {
    const dir = modelDir();
    const keys = keyPair(tempDir());
    const kms = fakeKms(keys.privateKey);
    const out: string[] = [];
    const code = await runModel(
      ["sign", dir, "--prefix", PREFIX, "--key", `awskms:///${ARN}`],
      { stdout: (s) => out.push(s), stderr: (s) => out.push(s) },
      { kms },
    );
    assert.equal(code, 0, out.join(""));
    const manifest = fs.readFileSync(path.join(dir, MANIFEST_FILE));
    assert.equal(kms.calls.length, 1);
    assert.deepEqual(kms.calls[0], {
      KeyId: ARN,
      Message: createHash("sha256").update(manifest).digest(),
      MessageType: "DIGEST",
      SigningAlgorithm: "ECDSA_SHA_256",
    });
    const sig = Buffer.from(fs.readFileSync(path.join(dir, SIGNATURE_FILE), "utf8"), "base64");
    assert.ok(
      verify("sha256", manifest, { key: fs.readFileSync(keys.publicFile, "utf8"), dsaEncoding: "der" }, sig),
    );
    // And the same verification as for a local key: the two paths differ only in the signing call.
    assert.equal((await run("verify", dir, "--prefix", PREFIX, "--public-key", keys.publicFile)).code, 0);
  });

  test("the fake's digest signer is sound: a signature over one digest does not verify another message", () => {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const sig = signDigest(privateKey, createHash("sha256").update("a").digest());
    assert.ok(verify("sha256", Buffer.from("a"), { key: publicKey, dsaEncoding: "der" }, sig));
    assert.equal(verify("sha256", Buffer.from("b"), { key: publicKey, dsaEncoding: "der" }, sig), false);
  });

  test("a KMS key of another kind is refused before anything is written", async () => {
    const dir = modelDir();
    const kms = fakeKms(keyPair(tempDir()).privateKey, "RSA_2048");
    await assert.rejects(
      runModel(
        ["sign", dir, "--prefix", PREFIX, "--key", `awskms:///${ARN}`],
        { stdout: () => {}, stderr: () => {} },
        { kms },
      ),
      {
        message: `model sign: ${ARN} is a RSA_2048 key for SIGN_VERIFY (expected ECC_NIST_P256 for SIGN_VERIFY: SupplyChain's signing key)`,
      },
    );
    assert.equal(fs.existsSync(path.join(dir, MANIFEST_FILE)), false);
  });
});

describe("rampart model publish (a fake bucket in place of S3)", () => {
  const io = { stdout: () => {}, stderr: () => {} };

  test("uploads every file, then the manifest, then the signature last; the result verifies", async () => {
    const dir = modelDir();
    const keys = keyPair(tempDir());
    const store = fakeStore();
    const lines: string[] = [];
    const code = await runModel(
      [
        "publish",
        dir,
        "--prefix",
        PREFIX,
        "--bucket",
        "rampart-prod-models-abc",
        "--key-file",
        keys.privateFile,
      ],
      { stdout: (s) => lines.push(s), stderr: (s) => lines.push(s) },
      { store: () => Promise.resolve(store) },
    );
    assert.equal(code, 0, lines.join(""));
    assert.deepEqual(store.puts, [
      `${PREFIX}Zeta.txt`,
      `${PREFIX}config.json`,
      `${PREFIX}shards/${MANIFEST_FILE}`,
      `${PREFIX}shards/model-00001-of-00002.safetensors`,
      `${PREFIX}shards/model-00002-of-00002.safetensors`,
      `${PREFIX}${MANIFEST_FILE}`,
      `${PREFIX}${SIGNATURE_FILE}`,
    ]);
    assert.deepEqual(lines, [
      `published 5 files to s3://rampart-prod-models-abc/${PREFIX}, then ${MANIFEST_FILE} and ${SIGNATURE_FILE}\n`,
    ]);
    assert.deepEqual(
      store.objects.get(`${PREFIX}${MANIFEST_FILE}`)!.bytes,
      fs.readFileSync(path.join(dir, MANIFEST_FILE)),
    );
  });

  test("refuses a version whose manifest exists, before signing (no KMS call) or uploading", async () => {
    const dir = modelDir();
    const kms = fakeKms(keyPair(tempDir()).privateKey);
    const store = fakeStore();
    await store.create(`${PREFIX}${MANIFEST_FILE}`, { bytes: Buffer.from("x") }, sha("x"), 1);
    store.puts.length = 0;
    await assert.rejects(
      runModel(
        ["publish", dir, "--prefix", PREFIX, "--bucket", "b-models", "--key", `awskms:///${ARN}`],
        io,
        { kms, store: () => Promise.resolve(store) },
      ),
      {
        message: `model publish: s3://b-models/${PREFIX}${MANIFEST_FILE} exists: a published version is never overwritten (publish under a new prefix)`,
      },
    );
    assert.deepEqual(store.puts, []);
    assert.equal(kms.calls.length, 0);
  });

  test("resumes after a failure: a file already there with the same digest is kept, not rewritten", async () => {
    const dir = modelDir();
    const keys = keyPair(tempDir());
    const store = fakeStore();
    const config = fs.readFileSync(path.join(dir, "config.json"));
    await store.create(`${PREFIX}config.json`, { bytes: config }, sha(config), config.length);
    const lines: string[] = [];
    await runModel(
      ["publish", dir, "--prefix", PREFIX, "--bucket", "b-models", "--key-file", keys.privateFile],
      { stdout: (s) => lines.push(s), stderr: () => {} },
      { store: () => Promise.resolve(store) },
    );
    assert.match(lines[0]!, /^published 5 files .* \(1 already there with the same digest\)/);
    assert.equal(store.puts.length, 7);
  });
});

test("the offline commands never load the AWS SDK", () => {
  // Every test above ran in this process: sign, verify, manifest, and the KMS and S3 paths with fakes.
  assert.deepEqual(
    Object.keys(require.cache).filter((k) => k.includes(`${path.sep}@aws-sdk${path.sep}`)),
    [],
  );
});
