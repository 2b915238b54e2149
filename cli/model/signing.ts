import {
  createHash,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  sign as cryptoSign,
  verify as cryptoVerify,
} from "node:crypto";
import * as fs from "node:fs";
import { SIGNING_ALGORITHM, SIGNING_KEY_SPEC } from "../../components/supplychain/supplyChain.args";
import { ProgramError, UsageError } from "../errors";

/**
 * The manifest's signature: ECDSA P-256 over SHA-256 of the manifest's bytes, ASN.1 DER, base64 in the
 * signature file (no newline), which is what `cosign sign-blob` writes with `--output-signature`
 * (sigstore/cosign cmd/cosign/cli/sign/sign_blob.go: `base64.StdEncoding.EncodeToString(...Signature)`)
 * and what `cosign verify-blob --key pub.pem --signature` reads back (verify_blob.go `base64signature`).
 */

/**
 * The one call that differs between a local key and KMS: sign the manifest, given its bytes and their
 * SHA-256 (KMS signs the digest; node's crypto hashes the bytes itself: same signature scheme).
 * Returns the DER signature.
 */
export type SignCall = (message: Buffer, sha256: Buffer) => Promise<Buffer>;

export interface SigningKey {
  /** For messages: the key file or the KMS key ARN. */
  readonly label: string;
  readonly sign: SignCall;
  /** The public key, PEM (SPKI), to check the fresh signature before anything is written. */
  readonly publicKeyPem: () => Promise<string>;
}

/** `awskms:///<key or alias ARN>`: cosign's KMS reference with no endpoint. */
const KMS_REF =
  /^awskms:\/\/\/(arn:aws(?:-cn|-us-gov)?:kms:([a-z0-9-]+):\d{12}:(?:key|alias)\/[A-Za-z0-9/_-]+)$/;

export type KeyRef =
  | { readonly kind: "kms"; readonly arn: string; readonly region: string }
  | { readonly kind: "file"; readonly file: string };

export function parseKeyFlags(key: string | undefined, keyFile: string | undefined, command: string): KeyRef {
  if (key !== undefined && keyFile !== undefined)
    throw new UsageError(`${command}: give --key or --key-file, not both`);
  if (key !== undefined) {
    const m = KMS_REF.exec(key);
    if (!m)
      throw new UsageError(
        `${command}: --key ${JSON.stringify(key)} is not awskms:///<KMS key ARN> (e.g. awskms:///arn:aws:kms:us-east-1:123456789012:key/1234abcd-...)`,
      );
    return { kind: "kms", arn: m[1]!, region: m[2]! };
  }
  if (keyFile !== undefined) return { kind: "file", file: keyFile };
  throw new UsageError(`${command}: --key awskms:///<ARN> or --key-file <PEM private key> is required`);
}

/** Refuses anything but an EC P-256 key (KMS ECC_NIST_P256, cosign's ECDSA P-256 SHA-256). */
function checkP256(key: KeyObject, what: string): void {
  if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1")
    throw new UsageError(
      `${what} is a ${key.asymmetricKeyType ?? "?"}${key.asymmetricKeyDetails?.namedCurve ? ` ${key.asymmetricKeyDetails.namedCurve}` : ""} key (expected ECDSA P-256, KMS ${SIGNING_KEY_SPEC})`,
    );
}

function readPem(file: string, flag: string, command: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`${command}: ${flag} ${file} cannot be read (expected a PEM file)`);
  }
}

export function loadPublicKey(file: string, command: string): KeyObject {
  const pem = readPem(file, "--public-key", command);
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new UsageError(
      `${command}: --public-key ${file} is not a PEM public key (SPKI, "BEGIN PUBLIC KEY")`,
    );
  }
  checkP256(key, `${command}: --public-key ${file}`);
  return key;
}

/** A PEM private key file (PKCS#8 or SEC1 "EC PRIVATE KEY"; unencrypted: this path is for tests and offline use). */
export function localKey(file: string, command: string): SigningKey {
  const pem = readPem(file, "--key-file", command);
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new UsageError(`${command}: --key-file ${file} is not an unencrypted PEM private key`);
  }
  checkP256(key, `${command}: --key-file ${file}`);
  return {
    label: file,
    sign: (message) => Promise.resolve(cryptoSign("sha256", message, { key, dsaEncoding: "der" })),
    publicKeyPem: () =>
      Promise.resolve(createPublicKey(key).export({ type: "spki", format: "pem" }).toString()),
  };
}

/** The part of the KMS client we use (the SDK's `KMSClient`, or a fake in tests). */
export interface KmsApi {
  sign(input: {
    KeyId: string;
    Message: Uint8Array;
    MessageType: "DIGEST";
    SigningAlgorithm: typeof SIGNING_ALGORITHM;
  }): Promise<{ Signature?: Uint8Array }>;
  getPublicKey(input: {
    KeyId: string;
  }): Promise<{ PublicKey?: Uint8Array; KeySpec?: string; KeyUsage?: string }>;
}

/** The SDK's client, loaded only here: offline commands never load the AWS SDK. */
function sdkKms(region: string): KmsApi {
  // require, not import(): loaded here only, and as the CommonJS build the rest of the program uses.
  const { KMSClient, SignCommand, GetPublicKeyCommand } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("@aws-sdk/client-kms") as typeof import("@aws-sdk/client-kms");
  const client = new KMSClient({ region });
  return {
    sign: (input) => client.send(new SignCommand(input)),
    getPublicKey: (input) => client.send(new GetPublicKeyCommand(input)),
  };
}

const awsError = (err: unknown): string => {
  const e = err as { name?: string; message?: string };
  return `${e.name ?? "Error"}: ${(e.message ?? String(err)).split("\n")[0]}`;
};

/**
 * An asymmetric KMS key (`ECC_NIST_P256`, `SIGN_VERIFY`). `Sign` gets the manifest's SHA-256 with
 * `MessageType: DIGEST`: a RAW message is limited to 4096 bytes and a manifest of a sharded model is
 * longer (https://docs.aws.amazon.com/kms/latest/APIReference/API_Sign.html, Message and MessageType).
 * KMS returns the ECDSA signature DER-encoded, as cosign stores it.
 */
export function kmsKey(arn: string, region: string, command: string, api?: KmsApi): SigningKey {
  let client: Promise<KmsApi> | undefined;
  const kms = () => (client ??= Promise.resolve(api ?? sdkKms(region)));
  return {
    label: arn,
    sign: async (_message, sha256) => {
      let out: { Signature?: Uint8Array };
      try {
        out = await (
          await kms()
        ).sign({ KeyId: arn, Message: sha256, MessageType: "DIGEST", SigningAlgorithm: SIGNING_ALGORITHM });
      } catch (err) {
        throw new ProgramError(`${command}: KMS Sign with ${arn} failed: ${awsError(err)}`);
      }
      if (!out.Signature) throw new ProgramError(`${command}: KMS Sign with ${arn} returned no signature`);
      return Buffer.from(out.Signature);
    },
    publicKeyPem: async () => {
      let out: { PublicKey?: Uint8Array; KeySpec?: string; KeyUsage?: string };
      try {
        out = await (await kms()).getPublicKey({ KeyId: arn });
      } catch (err) {
        throw new ProgramError(`${command}: KMS GetPublicKey for ${arn} failed: ${awsError(err)}`);
      }
      if (out.KeySpec !== SIGNING_KEY_SPEC || out.KeyUsage !== "SIGN_VERIFY" || !out.PublicKey)
        throw new ProgramError(
          `${command}: ${arn} is a ${out.KeySpec ?? "?"} key for ${out.KeyUsage ?? "?"} (expected ${SIGNING_KEY_SPEC} for SIGN_VERIFY: SupplyChain's signing key)`,
        );
      return createPublicKey({ key: Buffer.from(out.PublicKey), format: "der", type: "spki" })
        .export({ type: "spki", format: "pem" })
        .toString();
    },
  };
}

export function signingKey(ref: KeyRef, command: string, kms?: KmsApi): SigningKey {
  return ref.kind === "kms" ? kmsKey(ref.arn, ref.region, command, kms) : localKey(ref.file, command);
}

/** Whether `signatureFileText` (base64 DER, surrounding whitespace allowed) verifies over `manifest`. */
export function signatureVerifies(
  manifest: Buffer,
  signatureFileText: string,
  publicKey: KeyObject | string,
): boolean {
  const key = typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey;
  const b64 = signatureFileText.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return false;
  try {
    return cryptoVerify("sha256", manifest, { key, dsaEncoding: "der" }, Buffer.from(b64, "base64"));
  } catch {
    return false;
  }
}

/**
 * Signs the manifest and checks the signature with the key's public key before returning its file
 * text: a key of the wrong kind or a broken signer is caught before anything is written or uploaded.
 */
export async function signManifest(manifest: Buffer, key: SigningKey, command: string): Promise<string> {
  const digest = createHash("sha256").update(manifest).digest();
  const der = await key.sign(manifest, digest);
  const text = der.toString("base64");
  if (!signatureVerifies(manifest, text, await key.publicKeyPem()))
    throw new ProgramError(
      `${command}: the signature made with ${key.label} does not verify with its public key`,
    );
  return text;
}
