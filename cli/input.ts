import * as fs from "node:fs";
import { UsageError } from "./errors";

/**
 * Reading a user's input file with a size limit, so that `/dev/zero`, a FIFO that never ends or a
 * mistaken multi-GB file stops at the limit with one clear line instead of growing the process until
 * the machine or V8 gives up.
 */

const MB = 1024 * 1024;
const CHUNK = 4 * MB;

/** The limit on a stack export: well above the 50,000-resource bench export (~70 MB). */
export const DEFAULT_MAX_EXPORT_MB = 256;
/** V8 cannot hold a string much longer than 512 M characters; a larger limit could never be read. */
export const MAX_EXPORT_MB_LIMIT = 500;

/** The message for a failed open or read, by error code. */
function readError(err: unknown, file: string, what: string): UsageError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return new UsageError(`${what} ${file} does not exist`);
  return new UsageError(`cannot read ${what} ${file}: ${code ?? (err as Error).message}`);
}

/**
 * Reads `file` as UTF-8, refusing it once more than `maxBytes` have been read (or at once, for a regular
 * file whose size says so). `what` names the input in messages ("stack export"); `hint` says how to
 * raise the limit.
 */
export function readBoundedText(file: string, maxBytes: number, what: string, hint = ""): string {
  const tooBig = () =>
    new UsageError(
      `${what} ${file} is larger than ${Math.round((maxBytes / MB) * 100) / 100} MB, the limit${hint ? ` (${hint})` : ""}`,
    );
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch (err) {
    throw readError(err, file, what);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isFile() && stat.size > maxBytes) throw tooBig();
    // A device, FIFO or a file still growing: read in chunks, and stop one byte past the limit.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      let n: number;
      try {
        n = fs.readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "EAGAIN") continue;
        throw readError(err, file, what);
      }
      if (n === 0) break;
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
      total += n;
      if (total > maxBytes) throw tooBig();
    }
    return Buffer.concat(chunks, total).toString("utf8");
  } finally {
    fs.closeSync(fd);
  }
}
