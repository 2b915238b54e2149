import * as fs from "node:fs";
import * as path from "node:path";
import { MANIFEST_FILE, SIGNATURE_FILE } from "../../components/workloads/modelServer.args";
import { EXIT_OK, EXIT_VIOLATIONS, parseStrict, UsageError } from "../errors";
import { printable } from "../verify/format";
import { checkPrefix, computeManifest, listModelFiles } from "./manifest";
import { checkBucket, checkSizes, type ObjectStore, publishSigned, s3Store, type SignedDir } from "./publish";
import { type KmsApi, loadPublicKey, parseKeyFlags, signingKey, signManifest } from "./signing";
import { verifyModelDir } from "./verify";

/** `rampart model <sub>`: signed model manifests (docs/MODEL-MANIFEST.md). */

export const MODEL_USAGE = `  rampart model manifest DIR --prefix P [--out FILE]
  rampart model sign     DIR --prefix P (--key awskms:///<ARN> | --key-file PEM)
  rampart model verify   DIR --prefix P --public-key PEM
  rampart model publish  DIR --prefix P --bucket B (--key awskms:///<ARN> | --key-file PEM) [--region R]`;

export interface ModelIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

/** Stand-ins for AWS in tests; by default the SDK is loaded when (and only when) it is used. */
export interface ModelDeps {
  readonly kms?: KmsApi;
  readonly store?: (bucket: string, region: string | undefined) => Promise<ObjectStore>;
}

type Values = Record<string, string | boolean | undefined>;

function parse(command: string, argv: string[], flags: readonly string[]): { dir: string; values: Values } {
  const options = Object.fromEntries(flags.map((f) => [f, { type: "string" as const }]));
  const parsed = parseStrict(command, { args: argv, options, allowPositionals: true });
  const [dir, ...more] = parsed.positionals;
  if (dir === undefined)
    throw new UsageError(`${command}: DIR is required (the model version's local directory)`);
  if (more.length > 0)
    throw new UsageError(`${command}: one DIR expected, got also ${JSON.stringify(more[0])}`);
  return { dir, values: parsed.values as Values };
}

const str = (v: string | boolean | undefined): string | undefined => (typeof v === "string" ? v : undefined);

/** Computes, signs and writes DIR/MANIFEST.sha256 and DIR/MANIFEST.sha256.sig: `sign` and `publish`. */
async function signDir(
  dir: string,
  prefix: string,
  values: Values,
  command: string,
  deps: ModelDeps,
  beforeSign?: (entries: SignedDir["entries"]) => Promise<void>,
): Promise<SignedDir> {
  const key = signingKey(parseKeyFlags(str(values.key), str(values["key-file"]), command), command, deps.kms);
  const { text, entries } = await computeManifest(dir, prefix, command);
  await beforeSign?.(entries);
  const manifest = Buffer.from(text);
  const signature = await signManifest(manifest, key, command);
  fs.writeFileSync(path.join(dir, MANIFEST_FILE), manifest);
  fs.writeFileSync(path.join(dir, SIGNATURE_FILE), signature);
  return { manifest, signature, entries };
}

async function run(sub: string | undefined, argv: string[], io: ModelIo, deps: ModelDeps): Promise<number> {
  const command = `model ${sub ?? ""}`.trim();
  switch (sub) {
    case "manifest": {
      const { dir, values } = parse(command, argv, ["prefix", "out"]);
      const prefix = checkPrefix(str(values.prefix), command);
      const out = str(values.out);
      if (out !== undefined && fs.existsSync(out) && fs.statSync(out).isDirectory())
        throw new UsageError(`${command}: --out ${out} is a directory (expected a file to write)`);
      const { text } = await computeManifest(dir, prefix, command);
      if (out === undefined) io.stdout(text);
      else {
        fs.writeFileSync(out, text);
        io.stdout(`wrote ${out} (${text.split("\n").length - 1} files under ${prefix})\n`);
      }
      return EXIT_OK;
    }
    case "sign": {
      const { dir, values } = parse(command, argv, ["prefix", "key", "key-file"]);
      const prefix = checkPrefix(str(values.prefix), command);
      const signed = await signDir(dir, prefix, values, command, deps);
      io.stdout(
        `signed ${signed.entries.length} files under ${prefix}: wrote ${path.join(dir, MANIFEST_FILE)} and ${SIGNATURE_FILE}\n`,
      );
      return EXIT_OK;
    }
    case "verify": {
      const { dir, values } = parse(command, argv, ["prefix", "public-key"]);
      const prefix = checkPrefix(str(values.prefix), command);
      const keyFile = str(values["public-key"]);
      if (keyFile === undefined)
        throw new UsageError(`${command}: --public-key is required (PEM, SupplyChain's signingPublicKeyPem)`);
      const key = loadPublicKey(keyFile, command);
      listModelFiles(dir, command, { allowEmpty: true }); // a missing DIR or a symlink: exit 2 before verdicts
      const verdict = await verifyModelDir(dir, prefix, key, keyFile, command);
      if (verdict.ok) {
        io.stdout(
          `verified ${prefix}: signature and ${verdict.files} file digests, no file missing or extra\n`,
        );
        return EXIT_OK;
      }
      io.stdout(
        `${verdict.problems.map((p) => `${printable(p)}\n`).join("")}FAILED: ${verdict.problems.length} problem${verdict.problems.length === 1 ? "" : "s"} under ${prefix}\n`,
      );
      return EXIT_VIOLATIONS;
    }
    case "publish": {
      const { dir, values } = parse(command, argv, ["prefix", "bucket", "key", "key-file", "region"]);
      const prefix = checkPrefix(str(values.prefix), command);
      const bucket = checkBucket(str(values.bucket), command);
      parseKeyFlags(str(values.key), str(values["key-file"]), command);
      const region = str(values.region);
      const store = await (deps.store ?? ((b, r) => Promise.resolve(s3Store(b, r, command))))(bucket, region);
      const signed = await signDir(dir, prefix, values, command, deps, async (entries) => {
        checkSizes(dir, entries, command);
        if (await store.exists(`${prefix}${MANIFEST_FILE}`))
          throw new UsageError(
            `${command}: s3://${bucket}/${prefix}${MANIFEST_FILE} exists: a published version is never overwritten (publish under a new prefix)`,
          );
      });
      for (const line of await publishSigned(dir, bucket, prefix, signed, store)) io.stdout(`${line}\n`);
      return EXIT_OK;
    }
    case undefined:
      throw new UsageError(
        `model: a subcommand is required (manifest, sign, verify or publish)`,
        `usage:\n${MODEL_USAGE}`,
      );
    default:
      throw new UsageError(
        `model: unknown subcommand "${sub}" (expected manifest, sign, verify or publish)`,
        `usage:\n${MODEL_USAGE}`,
      );
  }
}

/** Entry from cli/main.ts; errors are thrown as UsageError / ProgramError and printed there (exit 2). */
export function runModel(argv: string[], io: ModelIo, deps: ModelDeps = {}): Promise<number> {
  const [sub, ...rest] = argv;
  return run(sub, rest, io, deps);
}
