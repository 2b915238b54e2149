import { gunzipSync } from "node:zlib";

/**
 * Credentials written in plain text where anyone who can read the resource can read them: EC2 user data
 * (readable by every principal with ec2:DescribeInstanceAttribute, and by every process on the instance
 * through IMDS), Kubernetes env values, ConfigMaps, Helm values. The detector answers which KIND of secret
 * was seen and WHERE (a line), never the secret itself, so a finding can be printed, logged and sent to a
 * SIEM without leaking what it found.
 *
 * The patterns follow the public rules of Checkov's secrets scanner (CKV_SECRET_2 AWS access key, CKV_SECRET_13
 * private key, ...: https://www.checkov.io/5.Policy%20Index/secrets.html) and gitleaks
 * (https://github.com/gitleaks/gitleaks/blob/master/config/gitleaks.toml): fixed token prefixes (AKIA/ASIA,
 * ghp_, xoxb-, hf_...) rather than entropy guesses, so a finding is worth acting on. A `password=` or
 * `user:pass@host` counts only with a literal value: `$VAR`, `${VAR}`, `$(cmd)`, `{{ template }}`, a
 * hashed cloud-init `passwd: $6$...` are references, not secrets.
 *
 * Every pattern is linear (bounded repeats, no nested quantifiers) and the scan reads at most
 * {@link MAX_SCAN_CHARS}, so hostile input cannot stall a policy.
 */

export type SecretKind =
  | "AWS access key ID"
  | "AWS secret access key"
  | "private key"
  | "password"
  | "password in a connection string"
  | "GitHub token"
  | "Slack token"
  | "Hugging Face token"
  | "OpenAI API key"
  | "Anthropic API key";

export interface SecretFinding {
  readonly kind: SecretKind;
  /** Where in the text: `line N` (1-based). Never the secret. */
  readonly where: string;
}

/** The scan reads at most this many characters (EC2 user data is at most 16 KB; a ConfigMap 1 MiB). */
export const MAX_SCAN_CHARS = 1_048_576;

interface Rule {
  readonly kind: SecretKind;
  readonly pattern: RegExp;
  /** Accepts or rejects a match (the regex's first group is the value when it has one). */
  readonly accept?: (match: RegExpExecArray) => boolean;
}

// Values that name where a secret comes from rather than being one: shell/env expansion, command
// substitution, templates (Helm/Jinja/cloud-init), Windows env, placeholders, YAML block/tag markers.
const REFERENCE_START = /^(?:\$|`|\{\{|\{%|%[A-Za-z_]|<|!|\||>|\*{3}|\.\.\.|ENC\[|arn:aws)/;
const NOT_A_PASSWORD = /^(?:true|false|yes|no|on|off|null|none|nil|~|required|optional|prompt)$/i;

function literalPassword(value: string | undefined): boolean {
  if (value === undefined) return false;
  const v = value.trim();
  if (v.length < 4) return false;
  if (REFERENCE_START.test(v)) return false;
  if (NOT_A_PASSWORD.test(v)) return false;
  return true;
}

const RULES: readonly Rule[] = [
  {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
    // (AKIA long-term, ASIA temporary). The documentation's example key (…EXAMPLE) is not a credential.
    kind: "AWS access key ID",
    pattern: /(?<![A-Za-z0-9])((?:AKIA|ASIA)[A-Z0-9]{16})(?![A-Za-z0-9])/g,
    accept: (m) => !m[1]!.endsWith("EXAMPLE"),
  },
  {
    // aws_secret_access_key = …, AWS_SECRET_ACCESS_KEY=…, "SecretAccessKey": "…" with a 40-char literal.
    kind: "AWS secret access key",
    pattern:
      /(?:aws_?secret_?access_?key|secret_?access_?key)["']?\s{0,8}[:=]\s{0,8}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    accept: (m) => !m[1]!.includes("EXAMPLEKEY"),
  },
  {
    // PEM (RFC 7468) and OpenSSH / PGP private keys; a public key or certificate is not a secret.
    kind: "private key",
    pattern: /-----BEGIN[ A-Z0-9]{0,40} PRIVATE KEY(?: BLOCK)?-----/g,
  },
  {
    // scheme://user:password@host with a literal password (postgres://, mysql://, mongodb+srv://,
    // redis://, amqp://, https://user:token@...).
    kind: "password in a connection string",
    pattern: /[A-Za-z][A-Za-z0-9+.-]{1,30}:\/\/[^\s:/@"'<>]{1,256}:([^\s@/"'<>]{1,256})@[^\s/@"'<>]/g,
    accept: (m) => literalPassword(decodeURIComponentSafe(m[1])),
  },
  {
    // password=…, PASSWORD: …, "db_password": "…", --password=…, plain_text_passwd: … with a literal value.
    // A key ending in _file/-file/_path/_arn/... names where the password is, not the password.
    kind: "password",
    pattern:
      /(?<![A-Za-z0-9])[A-Za-z0-9_.-]{0,40}?(?:password|passwd|passphrase)(?![A-Za-z0-9]*(?:[_-]?(?:file|path|arn|ref|env|secret|name|id|length|policy|command|cmd|hash|required|auth|authentication|enabled)))[A-Za-z0-9_.-]{0,20}["']?[ \t]{0,8}[:=](?!=)[ \t]{0,8}(?:"([^"\r\n]{0,512})"|'([^'\r\n]{0,512})'|([^\s"'#;&|,}\])]{1,512}))/gi,
    accept: (m) => {
      const value = m[1] ?? m[2] ?? m[3];
      // An unquoted expression (`os.environ[...]`, `getpass()`) is code, not a literal.
      if (m[3] !== undefined && /[([]/.test(m[3])) return false;
      return literalPassword(value);
    },
  },
  {
    // https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/
    kind: "GitHub token",
    pattern:
      /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])/g,
  },
  {
    // https://api.slack.com/authentication/token-types and incoming webhooks.
    kind: "Slack token",
    pattern:
      /(?<![A-Za-z0-9])(?:xox[abposr]-[A-Za-z0-9-]{10,255}|hooks\.slack\.com\/services\/T[A-Z0-9]{6,20}\/B[A-Z0-9]{6,20}\/[A-Za-z0-9]{16,64})/g,
  },
  {
    // https://huggingface.co/docs/hub/security-tokens (hf_ + 34 characters).
    kind: "Hugging Face token",
    pattern: /(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{30,40}(?![A-Za-z0-9_])/g,
  },
  {
    // OpenAI keys carry the "T3BlbkFJ" marker (base64 of "OpenAI").
    kind: "OpenAI API key",
    pattern: /(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{16,200}T3BlbkFJ[A-Za-z0-9_-]{16,200}/g,
  },
  {
    kind: "Anthropic API key",
    pattern: /(?<![A-Za-z0-9_-])sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,120}/g,
  },
];

function decodeURIComponentSafe(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Start offsets of the lines of `text`, for {@link lineAt}. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line number of `index`, by binary search over `starts`. */
function lineAt(starts: readonly number[], index: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * The kinds of credential written in `text` and the line of each, in order of appearance, one per kind and
 * line. Never the secret itself. Anything that is not a string gives no findings.
 */
export function findSecrets(text: unknown): SecretFinding[] {
  if (typeof text !== "string" || text.length === 0) return [];
  const scanned = text.length > MAX_SCAN_CHARS ? text.slice(0, MAX_SCAN_CHARS) : text;
  const hits: { kind: SecretKind; index: number }[] = [];
  for (const rule of RULES) {
    const re = new RegExp(rule.pattern.source, rule.pattern.flags);
    for (let m = re.exec(scanned); m !== null; m = re.exec(scanned)) {
      if (m[0].length === 0) re.lastIndex++;
      if (!rule.accept || rule.accept(m)) hits.push({ kind: rule.kind, index: m.index });
    }
  }
  hits.sort((a, b) => a.index - b.index);
  const starts = lineStarts(scanned);
  const seen = new Set<string>();
  const out: SecretFinding[] = [];
  for (const h of hits) {
    const where = `line ${lineAt(starts, h.index)}`;
    const key = `${h.kind}\n${where}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ kind: h.kind, where });
  }
  return out;
}

/** The distinct kinds in `findings`, in order: for a message that names kinds and never values. */
export function secretKinds(findings: readonly SecretFinding[]): SecretKind[] {
  return [...new Set(findings.map((f) => f.kind))];
}

/** Largest decoded payload read (EC2 user data is at most 16 KB before base64; gzip may expand it). */
export const MAX_DECODED_BYTES = 1_048_576;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes a base64 payload to text: undefined when `value` is not valid base64 (strict alphabet, whitespace
 * allowed, length a multiple of 4 once padded). A gzip payload (magic 1f 8b, as cloud-init accepts) is
 * inflated with an output cap of {@link MAX_DECODED_BYTES}; an oversize or corrupt one gives undefined.
 */
export function decodeBase64Text(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const compact = value.replace(/\s+/g, "");
  if (compact.length === 0 || compact.length > MAX_DECODED_BYTES * 2) return undefined;
  if (!BASE64.test(compact) || compact.length % 4 === 1) return undefined;
  const bytes = Buffer.from(compact, "base64");
  return bytesToText(bytes);
}

/**
 * Raw user data to text: a gzip payload given as a binary string is inflated; anything else is returned.
 */
export function bytesToText(bytes: Buffer): string | undefined {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes, { maxOutputLength: MAX_DECODED_BYTES }).toString("utf8");
    } catch {
      return undefined;
    }
  }
  return bytes.toString("utf8");
}
