import { findSecrets, secretKinds, type SecretKind } from "./secrets";

/**
 * Secrets written where Kubernetes keeps them in plain text (container env values, ConfigMaps, Helm
 * values), shared by the k8s-workloads and helm policies. Two signals: a NAME that says it holds a secret
 * (`DB_PASSWORD`, `apiKey`, `client-secret`) with a literal value, and a VALUE the shared detector
 * (./secrets) recognises whatever it is called (an AWS key, a PEM private key, a connection string with a
 * password, `password: ...` inside a config file). Findings name the kind, never the value.
 * @see https://kubernetes.io/docs/concepts/configuration/configmap/ ("ConfigMap does not provide secrecy or encryption")
 * @see https://kubernetes.io/docs/concepts/security/secrets-good-practices/
 */

/**
 * Matched against the name in UPPER_SNAKE form (`dbPassword`, `db.password` and `db-password` are tested
 * as `DB_PASSWORD`), on whole segments, so `HF_TOKEN` and `OPENAI_API_KEY` match but `TOKENIZER` and
 * `MAX_TOKENS` do not.
 */
export const DEFAULT_SECRET_NAME_PATTERN =
  "(^|_)(PASSWORD|PASSWD|PASS|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|SECRET_?KEY|" +
  "CREDENTIALS?|AUTH_?KEY|DSN|CONNECTION_STRING)(_|$)";
/** Names that only point at a secret: a mounted file, a Secret's name, an ARN. */
export const DEFAULT_IGNORE_NAME_PATTERN = "_(FILE|PATH|DIR|NAME|REF|ID|ARN)$";

/**
 * Names in chart values that point at a secret or describe one rather than hold it: besides
 * {@link DEFAULT_IGNORE_NAME_PATTERN}, `existingSecret`, `passwordKey: "admin-password"` (the key inside a
 * Secret; `secretKey` stays flagged: S3-style charts take the secret access key under that name), `tokenUrl`, `secretRef`, `...Secrets` lists of names.
 */
export const VALUES_IGNORE_NAME_PATTERN =
  "_(FILE|PATH|DIR|NAME|NAMES|REF|ID|ARN|URL|URI|ENDPOINT|KEYS|SECRETS)$|(^|_)EXISTING_|" +
  "(PASSWORD|PASSWD|TOKEN|CREDENTIALS?)_KEY$";

/** `dbPassword`, `db.password`, `db-password` -> `DB_PASSWORD`. */
export function snake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .toUpperCase();
}

/** A regex from config, or the default when the configured one is not a string or does not compile. */
export function regex(pattern: unknown, fallback: string): RegExp {
  try {
    return new RegExp(typeof pattern === "string" ? pattern : fallback, "i");
  } catch {
    return new RegExp(fallback, "i");
  }
}

/** True when `name` says it holds a secret and is not a pointer to one. */
export function secretName(name: string, secret: RegExp, ignore: RegExp): boolean {
  const s = snake(name);
  return secret.test(s) && !ignore.test(s);
}

// A value that names where the secret comes from, not the secret: `$VAR`, `${VAR}`, `$(cmd)`, templates,
// `vault:`/`ref+` references (External Secrets, vals, Vault agent), an ARN.
const REFERENCE = /^\s*(?:\$|\{\{|\{%|<|vault:|ref\+|arn:aws)/i;

/** A literal worth flagging under a secret-looking name: non-empty and not a reference. */
export function literalValue(value: string): boolean {
  return value.trim() !== "" && !REFERENCE.test(value);
}

/** The kinds of credential the shared detector finds in `text` (never the text). */
export function credentialKinds(text: unknown): SecretKind[] {
  return secretKinds(findSecrets(text));
}

/** `an AWS access key ID`, `a private key and a password`: for messages, which never carry the value. */
export function kindList(kinds: readonly string[]): string {
  const words = kinds.map((k) => `${/^[AEIOU]/i.test(k) ? "an" : "a"} ${k}`);
  return words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}
