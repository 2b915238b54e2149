import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { UsageError } from "./errors";

/**
 * Reads a `Pulumi.<stack>.yaml` into the flat form the engine hands a program (`ns:key` -> string),
 * with every `secure:` value replaced by a placeholder and its key marked secret. Real ciphertext is
 * never decrypted here: `plan` runs without a secrets provider.
 */

export const PLACEHOLDER_SECRET = "rampart-plan-placeholder-secret";

export interface StackConfig {
  readonly file: string;
  readonly config: Record<string, string>;
  readonly secretKeys: string[];
}

function isSecure(v: unknown): boolean {
  return (
    v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && "secure" in v
  );
}

function replaceSecure(v: unknown): { value: unknown; secret: boolean } {
  if (isSecure(v)) return { value: PLACEHOLDER_SECRET, secret: true };
  if (Array.isArray(v)) {
    const parts = v.map(replaceSecure);
    return { value: parts.map((p) => p.value), secret: parts.some((p) => p.secret) };
  }
  if (v !== null && typeof v === "object") {
    let secret = false;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const r = replaceSecure(x);
      out[k] = r.value;
      secret ||= r.secret;
    }
    return { value: out, secret };
  }
  return { value: v, secret: false };
}

export function readStackConfig(file: string): StackConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(
      `cannot read stack config ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (err) {
    throw new UsageError(`${file} is not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  const top =
    doc !== null && typeof doc === "object" && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
  if (!("config" in top)) {
    // One hint instead of a "missing" line for every required key.
    const stray = Object.keys(top).filter((k) => k.includes(":"));
    throw new UsageError(
      stray.length > 0
        ? `${file}: keys such as "${stray[0]}" must sit under a top-level "config:" section`
        : `${file} has no "config:" section (expected the stack's settings under config:, as pulumi config set writes them)`,
    );
  }
  const section = top.config ?? {};
  if (section === null || typeof section !== "object" || Array.isArray(section)) {
    throw new UsageError(`${file}: "config" must be a map of "namespace:key" to values`);
  }
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [rawKey, rawValue] of Object.entries(section)) {
    // `pulumi config` accepts a bare key for the project's own namespace.
    const key = rawKey.includes(":") ? rawKey : `rampart:${rawKey}`;
    const { value, secret } = replaceSecure(rawValue);
    config[key] = typeof value === "string" ? value : JSON.stringify(value);
    if (secret) secretKeys.push(key);
  }
  return { file: path.resolve(file), config, secretKeys };
}
