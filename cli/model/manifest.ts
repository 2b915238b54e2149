import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { MANIFEST_FILE, SIGNATURE_FILE } from "../../components/workloads/modelServer.args";
import { UsageError } from "../errors";

/**
 * The signed model manifest (docs/MODEL-MANIFEST.md): `MANIFEST.sha256` lists every file under a model
 * version's prefix as `<64 lowercase hex>  <prefix><path>` (sha256sum's text format), sorted bytewise,
 * LF, with a final newline. The prefix is part of each line, so a manifest signed for one version
 * cannot be replayed at another prefix.
 */

/** One file of a model directory: its path relative to the directory (`/`-separated) and its size. */
export interface ModelFile {
  readonly path: string;
  readonly size: number;
}

export interface ManifestEntry {
  readonly sha256: string;
  /** Relative to the prefix (the line holds `<prefix><path>`). */
  readonly path: string;
}

/**
 * A model version's S3 prefix: segments of letters, digits, `.`, `_`, `-`, each ending in `/`; no `.` or
 * `..` segment. The charset keeps the prefix a literal in S3 keys, shell words and globs alike.
 */
const PREFIX_SEGMENT = /^[A-Za-z0-9._-]+$/;
export function prefixProblem(prefix: string): string | undefined {
  if (prefix === "")
    return `--prefix is empty (expected a model version's prefix, e.g. llama-3.1-8b/2026-11-30/)`;
  if (!prefix.endsWith("/"))
    return `--prefix ${JSON.stringify(prefix)} does not end in "/" (e.g. llama-3.1-8b/2026-11-30/)`;
  if (prefix.length > 512) return `--prefix is ${prefix.length} characters long (at most 512)`;
  const segments = prefix.slice(0, -1).split("/");
  for (const s of segments) {
    if (!PREFIX_SEGMENT.test(s) || s === "." || s === "..")
      return `--prefix ${JSON.stringify(prefix)} has the segment ${JSON.stringify(s)} (each segment: letters, digits, ".", "_", "-", not "." or "..", no leading "/" or "//")`;
  }
  return undefined;
}

export function checkPrefix(prefix: string | undefined, command: string): string {
  if (prefix === undefined)
    throw new UsageError(
      `${command}: --prefix is required (the model version's S3 prefix, e.g. llama-3.1-8b/2026-11-30/)`,
    );
  const problem = prefixProblem(prefix);
  if (problem) throw new UsageError(`${command}: ${problem}`);
  return prefix;
}

/** Why a relative path cannot be listed, or undefined: no control character (newline), no backslash. */
export function pathProblem(rel: string): string | undefined {
  if (/[\u0000-\u001f\u007f]/.test(rel)) return "has a control character (a newline or tab) in its name";
  if (rel.includes("\\")) return `has a backslash in its name (sha256sum would escape it)`;
  if (rel.startsWith("/") || rel.split("/").some((s) => s === "" || s === "." || s === ".."))
    return `is not a plain relative path`;
  if (rel.includes("\uFFFD")) return "has a name that is not valid UTF-8";
  return undefined;
}

/** Bytewise order of UTF-8 paths (what `LC_ALL=C sort` does). */
export const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * Every regular file under `dir`, except the manifest and its signature at the top, sorted bytewise.
 * Refuses symlinks, other non-regular files and names the manifest cannot carry, naming the file.
 */
export function listModelFiles(
  dir: string,
  command: string,
  opts: { allowEmpty?: boolean } = {},
): ModelFile[] {
  let top: fs.Stats;
  try {
    top = fs.statSync(dir);
  } catch {
    throw new UsageError(`${command}: ${dir} does not exist (expected the model version's directory)`);
  }
  if (!top.isDirectory())
    throw new UsageError(`${command}: ${dir} is not a directory (expected the model version's directory)`);
  const out: ModelFile[] = [];
  const walk = (abs: string, rel: string) => {
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const relPath = rel === "" ? e.name : `${rel}/${e.name}`;
      const problem = pathProblem(relPath);
      if (problem)
        throw new UsageError(`${command}: ${JSON.stringify(relPath)} ${problem}: rename it or remove it`);
      const absPath = path.join(abs, e.name);
      if (e.isSymbolicLink())
        throw new UsageError(`${command}: ${relPath} is a symbolic link: copy the file it points to instead`);
      if (e.isDirectory()) walk(absPath, relPath);
      else if (e.isFile()) {
        if (rel === "" && (e.name === MANIFEST_FILE || e.name === SIGNATURE_FILE)) continue;
        out.push({ path: relPath, size: fs.statSync(absPath).size });
      } else
        throw new UsageError(
          `${command}: ${relPath} is not a regular file (a socket, FIFO or device): remove it`,
        );
    }
  };
  walk(dir, "");
  if (out.length === 0 && !opts.allowEmpty) throw new UsageError(`${command}: ${dir} has no files to list`);
  return out.sort((a, b) => byteOrder(a.path, b.path));
}

/** SHA-256 of a file, streamed (model files are many gigabytes). */
export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    fs.createReadStream(file)
      .on("error", reject)
      .on("data", (chunk) => hash.update(chunk))
      .on("end", () => resolve(hash.digest("hex")));
  });
}

export function renderManifest(prefix: string, entries: readonly ManifestEntry[]): string {
  const sorted = [...entries].sort((a, b) => byteOrder(a.path, b.path));
  return sorted.map((e) => `${e.sha256}  ${prefix}${e.path}\n`).join("");
}

/** Hashes every file of `dir` (one at a time: the disk is the limit) and returns the manifest's text. */
export async function computeManifest(
  dir: string,
  prefix: string,
  command: string,
): Promise<{ text: string; entries: ManifestEntry[] }> {
  const files = listModelFiles(dir, command);
  const entries: ManifestEntry[] = [];
  for (const f of files)
    entries.push({ path: f.path, sha256: await sha256File(path.join(dir, ...f.path.split("/"))) });
  return { text: renderManifest(prefix, entries), entries };
}

const LINE = /^([0-9a-f]{64}) {2}(.+)$/;

/**
 * Reads a manifest's text for `prefix`: every line well-formed and under the prefix, sorted, unique,
 * LF with a final newline. Returns the entries or the problems (one per bad line, numbered).
 */
export function parseManifest(
  text: string,
  prefix: string,
): { entries: ManifestEntry[]; problems: string[] } {
  const problems: string[] = [];
  const entries: ManifestEntry[] = [];
  if (text === "") return { entries, problems: [`${MANIFEST_FILE} is empty`] };
  if (!text.endsWith("\n")) problems.push(`${MANIFEST_FILE} does not end with a newline`);
  if (text.includes("\r")) problems.push(`${MANIFEST_FILE} has CR characters (lines end with LF only)`);
  const lines = text.replace(/\n$/, "").split("\n");
  lines.forEach((line, i) => {
    const m = LINE.exec(line);
    if (!m)
      return problems.push(`${MANIFEST_FILE} line ${i + 1} is not "<64 lowercase hex>  <prefix><path>"`);
    const name = m[2]!;
    if (!name.startsWith(prefix))
      return problems.push(
        `${MANIFEST_FILE} line ${i + 1} lists ${JSON.stringify(name)}, not under --prefix ${prefix} (the manifest was made for another prefix)`,
      );
    const rel = name.slice(prefix.length);
    const bad = pathProblem(rel);
    if (bad) return problems.push(`${MANIFEST_FILE} line ${i + 1}: ${JSON.stringify(rel)} ${bad}`);
    entries.push({ sha256: m[1]!, path: rel });
  });
  for (let i = 1; i < entries.length; i++) {
    const order = byteOrder(entries[i - 1]!.path, entries[i]!.path);
    if (order === 0) problems.push(`${MANIFEST_FILE} lists ${entries[i]!.path} twice`);
    else if (order > 0) problems.push(`${MANIFEST_FILE} is not sorted bytewise at ${entries[i]!.path}`);
  }
  return { entries, problems };
}
