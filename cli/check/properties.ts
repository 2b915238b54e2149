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

export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_REF_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

/** What a policy sees for a secret whose plaintext is not in the export. */
export const REDACTED_SECRET = "[secret]";

/** Collects plaintext secret strings met while marshalling, so output can be scrubbed of them. */
export class SecretSet {
  private readonly values = new Set<string>();

  add(value: unknown): void {
    if (typeof value === "string") {
      // Very short strings ("", "1", "no") would garble messages and reveal nothing worth hiding.
      if (value.length >= 4) this.values.add(value);
    } else if (Array.isArray(value)) {
      for (const v of value) this.add(v);
    } else if (value !== null && typeof value === "object") {
      for (const v of Object.values(value)) this.add(v);
    }
  }

  get size(): number {
    return this.values.size;
  }

  /** Replaces every known secret value in `text` by {@link REDACTED_SECRET}. */
  scrub(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is replaced whole.
    for (const v of [...this.values].sort((a, b) => b.length - a.length)) {
      if (out.includes(v)) out = out.split(v).join(REDACTED_SECRET);
    }
    return out;
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
