import { RESOURCE_REF_SIG, SECRET_SIG, SIG_KEY, UNKNOWN_VALUE } from "../sdk/pulumiInternals";

/**
 * Turns checkpoint property values into what the engine sends an analyzer: `MarshalProperties` with
 * `KeepSecrets: true, KeepUnknowns: true, SkipInternalKeys: true` and without `KeepResources`
 * (sdk/go/common/resource/plugin/analyzer_plugin.go `Analyze`/`AnalyzeStack`; rpc.go `MarshalPropertyValue`).
 *
 * - Secrets keep their wire form `{sig: secret, value}` so the policy SDK unwraps them as secrets
 *   (@pulumi/policy deserialize.js), but the value is Pulumi's unknown value, whatever the secret's shape
 *   (a string, a number, a map whose keys are themselves private, a list): a policy that reads it gets
 *   the SDK's `UnknownValueError`, which the server answers with an advisory note, and findings.ts reports
 *   the resource as not inspectable by that policy, naming the property. A policy that never reads the
 *   secret judges the rest of the resource as usual. An export normally holds only ciphertext, which we
 *   cannot decrypt offline, so the value is not there to judge (`pulumi policy analyze --file` sends the
 *   same text when it cannot decrypt, pulumi/pulumi#23664) and cannot be printed. An export written with
 *   `--show-secrets` carries `plaintext` (JSON text): still sent as unknown in the first pass, so no
 *   policy can print it however it formats it; the policies that read a secret (declared readers, and any
 *   policy that hit one) then judge the resources whose secrets have plaintext again in a pass of their own,
 *   whose messages are withheld (secretPass.ts); `reveal` marshals for that pass.
 * - Resource references become the referenced resource's ID (its URN for components), as without
 *   `KeepResources`.
 * - Keys starting with `__` are internal to the engine and skipped.
 */

/** What output shows instead of a secret's plaintext (scrubbing; see {@link SecretSet}). */
export const REDACTED_SECRET = "[secret]";

/** Secrets shorter than this are not scrubbed: "", "1", "no" would garble messages and reveal nothing. */
const MIN_SECRET = 4;

/**
 * Collects plaintext secret strings met while marshalling, so output can be scrubbed of them: a second
 * line of defence (a policy never gets them; see the module comment) for text a pack writes outside its
 * messages, and for a secret that the export also holds in the clear elsewhere.
 */
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

/** The plaintext of a secret's wire or state form, or {@link NO_PLAINTEXT} when it holds only ciphertext. */
const NO_PLAINTEXT = Symbol("no plaintext");
function plaintextOf(obj: Record<string, unknown>): unknown {
  if ("value" in obj) return obj.value === REDACTED_SECRET ? NO_PLAINTEXT : obj.value;
  if (typeof obj.plaintext !== "string") return NO_PLAINTEXT;
  try {
    return JSON.parse(obj.plaintext);
  } catch {
    return obj.plaintext;
  }
}

interface Marshal {
  readonly secrets: SecretSet;
  /** Send plaintext secrets as they are (the secret readers' pass) instead of the placeholder. */
  readonly reveal: boolean;
}

function marshalValue(value: unknown, m: Marshal): unknown {
  if (Array.isArray(value)) return value.map((v) => marshalValue(v, m));
  if (value === null || typeof value !== "object") return value;
  const obj = value as Record<string, unknown>;
  const sig = obj[SIG_KEY];
  if (sig === SECRET_SIG) {
    const plain = plaintextOf(obj);
    if (plain === NO_PLAINTEXT || !m.reveal) {
      if (plain !== NO_PLAINTEXT) m.secrets.add(plain);
      return { [SIG_KEY]: SECRET_SIG, value: UNKNOWN_VALUE };
    }
    m.secrets.add(plain);
    return { [SIG_KEY]: SECRET_SIG, value: marshalValue(plain, m) };
  }
  if (sig === RESOURCE_REF_SIG) {
    const id = obj.id;
    return typeof id === "string" && id !== "" ? id : obj.urn;
  }
  return marshalObject(obj, m);
}

function marshalObject(obj: Record<string, unknown>, m: Marshal) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k.startsWith("__") || v === undefined) continue;
    out[k] = marshalValue(v, m);
  }
  return out;
}

/**
 * A property map in the form the Analyzer protocol carries (see the module comment): every secret as
 * unknown, or with `reveal` its plaintext where the export has it.
 */
export function marshalProperties(
  props: Record<string, unknown>,
  secrets: SecretSet,
  reveal = false,
): Record<string, unknown> {
  return marshalObject(props, { secrets, reveal });
}

/** Whether `value` holds a secret whose plaintext the export carries (what only secret readers may see). */
export function holdsPlaintextSecret(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some(holdsPlaintextSecret);
  const obj = value as Record<string, unknown>;
  if (obj[SIG_KEY] === SECRET_SIG) return plaintextOf(obj) !== NO_PLAINTEXT;
  return Object.values(obj).some(holdsPlaintextSecret);
}

/**
 * The paths of the secrets in a property map, as the policy SDK names a property it could not read
 * (`UnknownValueError`: keys and list indexes joined by "."), e.g. `values.auth.password`, `env.0.value`.
 * `plaintext` limits them to secrets the export holds only as ciphertext (false) or in the clear (true).
 */
export function secretPaths(props: Record<string, unknown>, plaintext?: boolean): string[] {
  const out: string[] = [];
  const walk = (value: unknown, at: string): void => {
    if (value === null || typeof value !== "object") return;
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, at === "" ? String(i) : `${at}.${i}`));
      return;
    }
    const obj = value as Record<string, unknown>;
    if (obj[SIG_KEY] === SECRET_SIG) {
      if (plaintext === undefined || (plaintextOf(obj) !== NO_PLAINTEXT) === plaintext) out.push(at);
      return;
    }
    if (obj[SIG_KEY] === RESOURCE_REF_SIG) return;
    for (const [k, v] of Object.entries(obj)) {
      if (k.startsWith("__")) continue;
      walk(v, at === "" ? k : `${at}.${k}`);
    }
  };
  walk(props, "");
  return out;
}
