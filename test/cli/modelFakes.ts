import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import type { Body, ObjectStore } from "../../cli/model/publish";
import type { KmsApi } from "../../cli/model/signing";
import * as fs from "node:fs";

/**
 * Stand-ins for AWS in `rampart model` tests. The fake KMS signs the 32-byte digest it is given, as
 * KMS does with `MessageType: DIGEST`, with textbook ECDSA over P-256 (SEC 1 §4.1.3) in BigInt: node's
 * crypto only signs messages it hashes itself, and the point here is to sign the digest alone.
 */

const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const A = P - 3n;
const G = {
  x: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  y: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
};
type Point = { x: bigint; y: bigint } | null;

const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;
function inv(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [mod(a, m), m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0, m);
}
function add(p: Point, q: Point): Point {
  if (!p) return q;
  if (!q) return p;
  if (p.x === q.x && mod(p.y + q.y, P) === 0n) return null;
  const l =
    p.x === q.x && p.y === q.y
      ? mod((3n * p.x * p.x + A) * inv(2n * p.y, P), P)
      : mod((q.y - p.y) * inv(q.x - p.x, P), P);
  const x = mod(l * l - p.x - q.x, P);
  return { x, y: mod(l * (p.x - x) - p.y, P) };
}
function mul(k: bigint, p: Point): Point {
  let r: Point = null;
  for (let q = p; k > 0n; k >>= 1n, q = add(q, q)) if (k & 1n) r = add(r, q);
  return r;
}
const big = (b: Buffer) => BigInt(`0x${b.toString("hex") || "0"}`);
function derInt(v: bigint): Buffer {
  let hex = v.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let b = Buffer.from(hex, "hex");
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return Buffer.concat([Buffer.from([0x02, b.length]), b]);
}

/** ECDSA P-256 over a given 32-byte digest; DER `SEQUENCE { r, s }`, as KMS returns. */
export function signDigest(privateKey: KeyObject, digest: Buffer): Buffer {
  const d = big(Buffer.from(privateKey.export({ format: "jwk" }).d!, "base64url"));
  const e = big(digest);
  for (;;) {
    const k = mod(big(createHash("sha256").update(digest).update(String(Math.random())).digest()), N);
    if (k === 0n) continue;
    const r = mod(mul(k, G)!.x, N);
    const s = mod(inv(k, N) * (e + r * d), N);
    if (r === 0n || s === 0n) continue;
    const body = Buffer.concat([derInt(r), derInt(s)]);
    return Buffer.concat([Buffer.from([0x30, body.length]), body]);
  }
}

export interface FakeKms extends KmsApi {
  readonly calls: { MessageType: string; SigningAlgorithm: string; Message: Buffer; KeyId: string }[];
}

export function fakeKms(privateKey: KeyObject, keySpec = "ECC_NIST_P256"): FakeKms {
  const calls: FakeKms["calls"] = [];
  return {
    calls,
    sign: (input) => {
      calls.push({ ...input, Message: Buffer.from(input.Message) });
      if (input.MessageType !== "DIGEST" || input.Message.length !== 32)
        return Promise.reject(
          Object.assign(new Error("Digest is invalid length"), { name: "ValidationException" }),
        );
      return Promise.resolve({ Signature: signDigest(privateKey, Buffer.from(input.Message)) });
    },
    getPublicKey: () =>
      Promise.resolve({
        PublicKey: createPublicKey(privateKey).export({ type: "spki", format: "der" }),
        KeySpec: keySpec,
        KeyUsage: "SIGN_VERIFY",
      }),
  };
}

export interface FakeStore extends ObjectStore {
  readonly objects: Map<string, { sha256: string; bytes: Buffer }>;
  /** Keys in the order they were created. */
  readonly puts: string[];
}

/** An in-memory bucket with S3's `If-None-Match: *` semantics. */
export function fakeStore(): FakeStore {
  const objects = new Map<string, { sha256: string; bytes: Buffer }>();
  const puts: string[] = [];
  const read = (b: Body) => ("file" in b ? fs.readFileSync(b.file) : b.bytes);
  return {
    objects,
    puts,
    exists: (key) => Promise.resolve(objects.has(key)),
    create: (key, body, sha256, size) => {
      const bytes = read(body);
      if (bytes.length !== size) return Promise.reject(new Error(`size ${bytes.length} != ${size}`));
      if (createHash("sha256").update(bytes).digest("hex") !== sha256)
        return Promise.reject(new Error(`BadDigest on ${key}`));
      const there = objects.get(key);
      if (there) {
        if (there.sha256 === sha256) return Promise.resolve("same" as const);
        return Promise.reject(new Error(`${key} exists with other content`));
      }
      objects.set(key, { sha256, bytes });
      puts.push(key);
      return Promise.resolve("created" as const);
    },
  };
}
