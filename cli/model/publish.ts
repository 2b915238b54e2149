import * as fs from "node:fs";
import * as path from "node:path";
import { MANIFEST_FILE, SIGNATURE_FILE } from "../../components/workloads/modelServer.args";
import { ProgramError, UsageError } from "../errors";
import { createHash } from "node:crypto";
import type { ManifestEntry } from "./manifest";

/**
 * Uploads a signed model version: every file, then `MANIFEST.sha256`, then its signature, so that a
 * reader never finds a signature before all the files it covers. Nothing is overwritten: the version is
 * refused when its manifest exists, and every PUT is conditional (`If-None-Match: *`).
 */

/** A single PUT takes at most 5 GiB (https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html). */
export const MAX_PUT_BYTES = 5 * 1024 ** 3;

/** S3 bucket names (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html), simplified. */
export function checkBucket(bucket: string | undefined, command: string): string {
  if (bucket === undefined)
    throw new UsageError(`${command}: --bucket is required (the model store, SupplyChain's modelBucketName)`);
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
    throw new UsageError(
      `${command}: --bucket ${JSON.stringify(bucket)} is not an S3 bucket name (3-63 of a-z, 0-9, ".", "-")`,
    );
  return bucket;
}

export type Body = { readonly file: string } | { readonly bytes: Buffer };

/** The part of S3 we use (the SDK below, or a fake in tests). */
export interface ObjectStore {
  exists(key: string): Promise<boolean>;
  /**
   * Creates `key` with the body, never overwriting: "created", or "same" when the key holds an object
   * with the same SHA-256 already (a publish resumed after a failure); any other object there is an error.
   */
  create(key: string, body: Body, sha256Hex: string, size: number): Promise<"created" | "same">;
}

const status = (err: unknown): number | undefined =>
  (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const describe = (err: unknown): string => {
  const e = err as { name?: string; message?: string };
  return `${e.name ?? "Error"}: ${(e.message ?? String(err)).split("\n")[0]}`;
};

/**
 * S3 through the SDK, loaded only for `publish`. Each PUT carries `x-amz-checksum-sha256` (the digest
 * the manifest lists, base64): S3 refuses the object if the bytes it received differ, and a bucket with
 * Object Lock requires a Content-MD5 or x-amz-checksum-* header on PUT
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html). The SDK would add
 * a CRC32 by default (`requestChecksumCalculation: WHEN_SUPPORTED`, @aws-sdk/checksums
 * flexible-checksums `DEFAULT_CHECKSUM_ALGORITHM`), and sends ours untouched when an `x-amz-checksum-*`
 * header is set (its flexibleChecksumsMiddleware returns early); we give SHA-256 so S3 checks the very
 * digest we signed. `If-None-Match: *` makes the PUT fail
 * with 412 when the key exists (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html).
 * Encryption: the bucket's default (SupplyChain's models key); no SSE header is sent.
 */
export function s3Store(
  bucket: string,
  region: string | undefined,
  command: string,
  clientConfig: import("@aws-sdk/client-s3").S3ClientConfig = {},
): ObjectStore {
  // require, not import(): loaded here only, and as the CommonJS build the rest of the program uses.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const s3 = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
  const client = new s3.S3Client({ ...(region ? { region } : {}), ...clientConfig });
  const head = async (key: string) => {
    try {
      return await client.send(
        new s3.HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: "ENABLED" }),
      );
    } catch (err) {
      if (status(err) === 404) return undefined;
      throw new ProgramError(`${command}: HeadObject s3://${bucket}/${key} failed: ${describe(err)}`);
    }
  };
  return {
    exists: async (key) => (await head(key)) !== undefined,
    create: async (key, body, sha256Hex, size) => {
      const checksum = Buffer.from(sha256Hex, "hex").toString("base64");
      try {
        await client.send(
          new s3.PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: "file" in body ? fs.createReadStream(body.file) : body.bytes,
            ContentLength: size,
            ChecksumSHA256: checksum,
            IfNoneMatch: "*",
          }),
        );
        return "created";
      } catch (err) {
        if (status(err) !== 412)
          throw new ProgramError(`${command}: PutObject s3://${bucket}/${key} failed: ${describe(err)}`);
      }
      const there = await head(key);
      if (there?.ChecksumSHA256 === checksum) return "same";
      throw new ProgramError(
        `${command}: s3://${bucket}/${key} exists with other content (objects are never overwritten: publish under a new prefix)`,
      );
    },
  };
}

export interface SignedDir {
  readonly manifest: Buffer;
  readonly signature: string;
  readonly entries: readonly ManifestEntry[];
}

/** Refuses, before any KMS call, files a single PUT cannot carry. */
export function checkSizes(dir: string, entries: readonly { path: string }[], command: string): void {
  for (const e of entries) {
    const size = fs.statSync(path.join(dir, ...e.path.split("/"))).size;
    if (size > MAX_PUT_BYTES)
      throw new UsageError(
        `${command}: ${e.path} is ${size} bytes, over the 5 GiB of one S3 PUT: shard the model into smaller files`,
      );
  }
}

/** Uploads the files, then the manifest, then the signature. Returns lines to print. */
export async function publishSigned(
  dir: string,
  bucket: string,
  prefix: string,
  signed: SignedDir,
  store: ObjectStore,
): Promise<string[]> {
  const lines: string[] = [];
  let resumed = 0;
  for (const e of signed.entries) {
    const file = path.join(dir, ...e.path.split("/"));
    const result = await store.create(`${prefix}${e.path}`, { file }, e.sha256, fs.statSync(file).size);
    if (result === "same") resumed++;
  }
  const sig = Buffer.from(signed.signature);
  const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
  await store.create(
    `${prefix}${MANIFEST_FILE}`,
    { bytes: signed.manifest },
    sha(signed.manifest),
    signed.manifest.length,
  );
  await store.create(`${prefix}${SIGNATURE_FILE}`, { bytes: sig }, sha(sig), sig.length);
  lines.push(
    `published ${signed.entries.length} files to s3://${bucket}/${prefix}${resumed ? ` (${resumed} already there with the same digest)` : ""}, then ${MANIFEST_FILE} and ${SIGNATURE_FILE}`,
  );
  return lines;
}
