import { RESOURCE_REF_SIG, SECRET_SIG, SIG_KEY } from "../sdk/pulumiInternals";

/**
 * Turns checkpoint property values into what the engine sends an analyzer: `MarshalProperties` with
 * `KeepSecrets: true, KeepUnknowns: true, SkipInternalKeys: true` and without `KeepResources`
 * (sdk/go/common/resource/plugin/analyzer_plugin.go `Analyze`/`AnalyzeStack`; rpc.go `MarshalPropertyValue`).
 *
 * - Secrets keep their wire form `{sig: secret, value}` so the policy SDK unwraps them as secrets
 *   (@pulumi/policy deserialize.js). An export holds only ciphertext, which we cannot decrypt offline:
 *   the value becomes {@link REDACTED_SECRET}, as `pulumi policy analyze --file` does when it cannot decrypt
 *   (pulumi/pulumi#23664). An export written with `--show-secrets` carries `plaintext` (JSON text): that
 *   value is sent, and remembered so that no output ever prints it.
 * - Resource references become the referenced resource's ID (its URN for components), as without
 *   `KeepResources`.
 * - Keys starting with `__` are internal to the engine and skipped.
 */

/** What a policy sees for a secret whose plaintext is not in the export. */
export const REDACTED_SECRET = "[secret]";

/** Secrets shorter than this are not scrubbed: "", "1", "no" would garble messages and reveal nothing. */
const MIN_SECRET = 4;

/** Collects plaintext secret strings met while marshalling, so output can be scrubbed of them. */
export class SecretSet {
  private readonly values = new Set<string>();
  /** Each secret under its first MIN_SECRET characters, longest first; rebuilt after an add. */
  private index: Map<string, string[]> | undefined;

  add(value: unknown): void {
    if (typeof value === "string") {
      if (value.length >= MIN_SECRET && !this.values.has(value)) {
        this.values.add(value);
        this.index = undefined;
      }
    } else if (Array.isArray(value)) {
      for (const v of value) this.add(v);
    } else if (value !== null && typeof value === "object") {
      for (const v of Object.values(value)) this.add(v);
    }
  }

  get size(): number {
    return this.values.size;
  }

  /**
   * Replaces every known secret value in `text` by {@link REDACTED_SECRET}. Where occurrences of secrets
   * overlap or touch, the whole stretch they cover becomes one {@link REDACTED_SECRET}, so no character of
   * any of them is left. One pass over the text, looking secrets up by their first characters: a check
   * can meet thousands of secrets and scrub thousands of messages.
   */
  scrub(text: string): string {
    if (this.values.size === 0 || text.length < MIN_SECRET) return text;
    const index = (this.index ??= this.buildIndex());
    let out = "";
    let copied = 0;
    let start = -1;
    let end = -1;
    for (let i = 0; i + MIN_SECRET <= text.length; i++) {
      const candidates = index.get(text.slice(i, i + MIN_SECRET));
      const hit = candidates?.find((v) => text.startsWith(v, i));
      if (hit === undefined) continue;
      if (start >= 0 && i <= end) {
        end = Math.max(end, i + hit.length);
        continue;
      }
      if (start >= 0) out += text.slice(copied, start) + REDACTED_SECRET;
      copied = start >= 0 ? end : copied;
      start = i;
      end = i + hit.length;
    }
    if (start < 0) return text;
    return out + text.slice(copied, start) + REDACTED_SECRET + text.slice(end);
  }

  private buildIndex(): Map<string, string[]> {
    const index = new Map<string, string[]>();
    for (const v of [...this.values].sort((a, b) => b.length - a.length)) {
      const key = v.slice(0, MIN_SECRET);
      const list = index.get(key);
      if (list) list.push(v);
      else index.set(key, [v]);
    }
    return index;
  }
}

function marshalValue(value: unknown, secrets: SecretSet, inSecret: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => marshalValue(v, secrets, inSecret));
  if (value === null || typeof value !== "object") {
    if (inSecret) secrets.add(value);
    return value;
  }
  const obj = value as Record<string, unknown>;
  const sig = obj[SIG_KEY];
  if (sig === SECRET_SIG) {
    let plain: unknown = REDACTED_SECRET;
    if ("value" in obj) plain = obj.value;
    else if (typeof obj.plaintext === "string") {
      try {
        plain = JSON.parse(obj.plaintext);
      } catch {
        plain = obj.plaintext;
      }
    }
    return { [SIG_KEY]: SECRET_SIG, value: marshalValue(plain, secrets, plain !== REDACTED_SECRET) };
  }
  if (sig === RESOURCE_REF_SIG) {
    const id = obj.id;
    return typeof id === "string" && id !== "" ? id : obj.urn;
  }
  return marshalObject(obj, secrets, inSecret);
}

function marshalObject(obj: Record<string, unknown>, secrets: SecretSet, inSecret: boolean) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k.startsWith("__") || v === undefined) continue;
    out[k] = marshalValue(v, secrets, inSecret);
  }
  return out;
}

/** A property map in the form the Analyzer protocol carries (see the module comment). */
export function marshalProperties(
  props: Record<string, unknown>,
  secrets: SecretSet,
): Record<string, unknown> {
  return marshalObject(props, secrets, false);
}
