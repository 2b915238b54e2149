import type { KeyObject } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { MANIFEST_FILE, SIGNATURE_FILE } from "../../components/workloads/modelServer.args";
import { byteOrder, listModelFiles, parseManifest, sha256File } from "./manifest";
import { signatureVerifies } from "./signing";

export interface ModelVerdict {
  readonly ok: boolean;
  /** Files checked (when the signature and the manifest's form passed). */
  readonly files: number;
  /** One line per problem, in order: signature, manifest form, then missing, extra, changed files. */
  readonly problems: readonly string[];
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * What the model server's init steps check, in the same order: the signature over the manifest's
 * bytes, then the manifest's form and prefix, then every file (no file missing, none extra, every
 * digest equal). Stops after the signature or the form fails: an unsigned list is not worth reading.
 */
export async function verifyModelDir(
  dir: string,
  prefix: string,
  publicKey: KeyObject,
  publicKeyLabel: string,
  command: string,
): Promise<ModelVerdict> {
  const fail = (problems: string[]): ModelVerdict => ({ ok: false, files: 0, problems });
  const manifest = readOrUndefined(path.join(dir, MANIFEST_FILE));
  if (!manifest) return fail([`missing: ${MANIFEST_FILE} (run \`rampart model sign\` first)`]);
  const signature = readOrUndefined(path.join(dir, SIGNATURE_FILE));
  if (!signature) return fail([`missing: ${SIGNATURE_FILE} (the manifest is not signed)`]);
  if (!signatureVerifies(manifest, signature.toString("utf8"), publicKey))
    return fail([
      `signature: ${SIGNATURE_FILE} does not verify over ${MANIFEST_FILE} with ${publicKeyLabel} (the manifest was changed, or signed with another key)`,
    ]);
  const { entries, problems } = parseManifest(manifest.toString("utf8"), prefix);
  if (problems.length > 0) return fail(problems);

  const onDisk = listModelFiles(dir, command, { allowEmpty: true });
  const listed = new Map(entries.map((e) => [e.path, e.sha256]));
  const present = new Set(onDisk.map((f) => f.path));
  const out: string[] = [];
  for (const e of entries) if (!present.has(e.path)) out.push(`missing: ${e.path} (listed in the manifest)`);
  for (const f of onDisk) if (!listed.has(f.path)) out.push(`extra: ${f.path} (not in the manifest)`);
  const both = onDisk.filter((f) => listed.has(f.path)).sort((a, b) => byteOrder(a.path, b.path));
  for (const f of both) {
    const actual = await sha256File(path.join(dir, ...f.path.split("/")));
    const expected = listed.get(f.path)!;
    if (actual !== expected) out.push(`changed: ${f.path} (sha256 ${actual}, the manifest says ${expected})`);
  }
  return { ok: out.length === 0, files: entries.length, problems: out };
}
