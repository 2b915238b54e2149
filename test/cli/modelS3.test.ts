import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { Readable } from "node:stream";
import { describe, test } from "node:test";
import { s3Store } from "../../cli/model/publish";
import { tempDir } from "../helpers/cli";

/**
 * `publish`'s S3 requests as the real SDK builds them, answered by a recording request handler (no
 * network): the headers that make a PUT safe on a bucket with Object Lock, and the answers to 404/412.
 */

interface Seen {
  method: string;
  hostname: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

function handler(
  answer: (req: Seen) => { statusCode: number; headers?: Record<string, string>; body?: string },
) {
  const seen: Seen[] = [];
  return {
    seen,
    requestHandler: {
      handle: async (request: {
        method: string;
        hostname: string;
        path: string;
        headers: Record<string, string>;
        body?: unknown;
      }) => {
        const chunks: Buffer[] = [];
        const body = request.body;
        if (body && typeof (body as AsyncIterable<Buffer>)[Symbol.asyncIterator] === "function")
          for await (const c of body as AsyncIterable<Buffer>) chunks.push(Buffer.from(c));
        else if (typeof body === "string" || body instanceof Uint8Array) chunks.push(Buffer.from(body));
        const req = { ...request, body: Buffer.concat(chunks) };
        seen.push(req);
        const a = answer(req);
        return {
          response: {
            statusCode: a.statusCode,
            headers: a.headers ?? {},
            body: Readable.from([Buffer.from(a.body ?? "")]),
          },
        };
      },
    },
  };
}

// Not a secret: a stand-in the recording handler ignores (requests are signed, never sent).
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const b64 = (hex: string) => Buffer.from(hex, "hex").toString("base64");

describe("s3Store with the real SDK and a recording handler", () => {
  const file = path.join(tempDir(), "model.safetensors");
  fs.writeFileSync(file, Buffer.alloc(100_000, 3));
  const sha = createHash("sha256").update(fs.readFileSync(file)).digest("hex");

  test("PUT: x-amz-checksum-sha256 (the manifest's digest), If-None-Match: *, Content-Length, no SSE header, the bytes as they are", async () => {
    const h = handler(() => ({ statusCode: 200 }));
    const store = s3Store("rampart-prod-models-abc", "us-east-1", "model publish", {
      credentials,
      requestHandler: h.requestHandler,
    });
    assert.equal(await store.create("llama/2026-11-30/model.safetensors", { file }, sha, 100_000), "created");
    assert.equal(h.seen.length, 1);
    const put = h.seen[0]!;
    assert.equal(put.method, "PUT");
    assert.match(put.hostname, /^rampart-prod-models-abc\.s3\.us-east-1\.amazonaws\.com$/);
    assert.equal(put.path, "/llama/2026-11-30/model.safetensors");
    assert.equal(put.headers["x-amz-checksum-sha256"], b64(sha));
    assert.equal(put.headers["if-none-match"], "*");
    assert.equal(put.headers["content-length"], "100000");
    assert.equal(put.headers["x-amz-server-side-encryption"], undefined);
    assert.equal(put.headers["x-amz-checksum-crc32"], undefined);
    assert.equal(put.headers["content-encoding"], undefined); // not aws-chunked
    assert.deepEqual(put.body, fs.readFileSync(file));
  });

  test("412 on PUT: the same digest there is 'same'; another is refused by name", async () => {
    for (const [there, expected] of [
      [b64(sha), "same"],
      [
        b64("00".repeat(32)),
        /exists with other content \(objects are never overwritten: publish under a new prefix\)/,
      ],
    ] as const) {
      const h = handler((req) =>
        req.method === "PUT"
          ? {
              statusCode: 412,
              body: "<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>",
            }
          : { statusCode: 200, headers: { "x-amz-checksum-sha256": there, "content-length": "100000" } },
      );
      const store = s3Store("b-models", "us-east-1", "model publish", {
        credentials,
        requestHandler: h.requestHandler,
      });
      const result = store.create("p/model.safetensors", { file }, sha, 100_000);
      if (expected === "same") assert.equal(await result, "same");
      else
        await assert.rejects(result, {
          message: /^model publish: s3:\/\/b-models\/p\/model\.safetensors exists with other content/,
        });
      assert.deepEqual(
        h.seen.map((s) => s.method),
        ["PUT", "HEAD"],
      );
      assert.equal(h.seen[1]!.headers["x-amz-checksum-mode"], "ENABLED");
    }
  });

  test("HEAD: 404 is absent, 200 present, 403 an error in one line", async () => {
    for (const [statusCode, expected] of [
      [404, false],
      [200, true],
    ] as const) {
      const h = handler(() => ({ statusCode }));
      const store = s3Store("b-models", "us-east-1", "model publish", {
        credentials,
        requestHandler: h.requestHandler,
      });
      assert.equal(await store.exists("p/MANIFEST.sha256"), expected);
    }
    const h = handler(() => ({ statusCode: 403 }));
    const store = s3Store("b-models", "us-east-1", "model publish", {
      credentials,
      requestHandler: h.requestHandler,
    });
    await assert.rejects(store.exists("p/MANIFEST.sha256"), {
      message: /^model publish: HeadObject s3:\/\/b-models\/p\/MANIFEST\.sha256 failed: [^\n]+$/,
    });
  });
});
