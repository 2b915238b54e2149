/**
 * Vault ACL policy documents, read the way Vault reads them (vault/policy.go `ParseACLPolicy`): HCL 1
 * with top-level `name` and `path` keys, each `path "<p>" { ... }` block holding `capabilities`, the
 * legacy `policy = "read|write|sudo|deny"`, and the parameter/wrapping/MFA/control-group keys; or the
 * JSON form (`{"path": {"<p>": {"capabilities": [...]}}}`), which Vault's HCL parser also accepts. Any
 * other key is refused by Vault, so it is refused here too: a policy never passes a document it could
 * not read. Comments (`#`, `//`, `/* *\/`) are skipped; a Pulumi heredoc or template literal arrives as
 * a plain string.
 * @see https://developer.hashicorp.com/vault/docs/concepts/policies#policy-syntax
 * @see https://github.com/hashicorp/vault/blob/main/vault/policy.go
 */

/** Capabilities Vault accepts in a path block (anything else fails `vault policy write`). */
export const VAULT_CAPABILITIES: ReadonlySet<string> = new Set([
  "create",
  "read",
  "update",
  "patch",
  "delete",
  "list",
  "sudo",
  "deny",
  "subscribe",
  "recover",
]);

/** The legacy `policy = "..."` values and the capabilities Vault maps them to. */
const LEGACY: Readonly<Record<string, readonly string[]>> = {
  deny: ["deny"],
  read: ["read", "list"],
  write: ["create", "read", "update", "delete", "list"],
  sudo: ["create", "read", "update", "delete", "list", "sudo"],
};

/** Keys Vault accepts inside a path block. */
const PATH_KEYS = new Set([
  "comment",
  "policy",
  "capabilities",
  "allowed_parameters",
  "denied_parameters",
  "required_parameters",
  "min_wrapping_ttl",
  "max_wrapping_ttl",
  "mfa_methods",
  "control_group",
]);

/** One `path` block: the path as written (leading `/` removed) and its capabilities, legacy ones mapped. */
export interface VaultPathRule {
  readonly path: string;
  readonly capabilities: readonly string[];
}

export type VaultPolicyParse =
  | { readonly rules: readonly VaultPathRule[]; readonly error?: undefined }
  | { readonly error: string; readonly rules?: undefined };

/** Parses a policy document; `{ error }` says what Vault would refuse (or what this reader cannot read). */
export function parseVaultPolicy(text: string): VaultPolicyParse {
  try {
    const trimmed = text.trim();
    if (trimmed === "") return { error: "the document is empty (it grants nothing)" };
    const entries = trimmed.startsWith("{") ? jsonEntries(trimmed) : new HclParser(text).document();
    return { rules: rulesOf(entries) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** A key path and value: `path "a" { ... }` is `[["path", "a"], {...}]`. */
type Entry = readonly [readonly string[], unknown];

function rulesOf(entries: readonly Entry[]): VaultPathRule[] {
  const rules: VaultPathRule[] = [];
  for (const [keys, value] of entries) {
    const [top, ...rest] = keys;
    if (top === "name" && rest.length === 0) continue;
    if (top !== "path")
      throw new Error(`unknown top-level key "${keys.join(" ")}" (Vault accepts path and name)`);
    if (rest.length === 1) rules.push(ruleOf(rest[0]!, value));
    else if (rest.length === 0) {
      // `path = { "a" = {...} }`, or JSON's `"path": {...}` / `"path": [{...}]`.
      for (const obj of Array.isArray(value) ? value : [value])
        for (const [p, body] of Object.entries(objectOf(obj, "path"))) rules.push(ruleOf(p, body));
    } else throw new Error(`path block "${rest.join(" ")}" has more than one label`);
  }
  return rules;
}

function ruleOf(path: string, body: unknown): VaultPathRule {
  const obj = objectOf(Array.isArray(body) && body.length === 1 ? body[0] : body, `path "${path}"`);
  for (const k of Object.keys(obj))
    if (!PATH_KEYS.has(k)) throw new Error(`path "${path}": unknown key "${k}"`);
  if (path.includes("+*")) throw new Error(`path "${path}": '+*' is not a valid wildcard`);
  const caps: string[] = [];
  if ("capabilities" in obj) {
    const list = obj.capabilities;
    if (!Array.isArray(list) || list.some((c) => typeof c !== "string"))
      throw new Error(`path "${path}": capabilities must be a list of strings`);
    caps.push(...(list as string[]));
  }
  if ("policy" in obj) {
    const legacy = typeof obj.policy === "string" ? LEGACY[obj.policy] : undefined;
    if (!legacy) throw new Error(`path "${path}": invalid policy ${JSON.stringify(obj.policy)}`);
    caps.push(...legacy);
  }
  return { path: path.replace(/^\//, ""), capabilities: caps.includes("deny") ? ["deny"] : caps };
}

function objectOf(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error(`${what} must be an object`);
  return v as Record<string, unknown>;
}

function jsonEntries(text: string): Entry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(`not valid JSON (${(err as Error).message})`);
  }
  return Object.entries(objectOf(doc, "the JSON document")).map(([k, v]) => [[k], v] as const);
}

/**
 * Whether a policy path matches a request path, with Vault's rules: a trailing `*` is a prefix match,
 * `+` matches exactly one segment.
 * @see https://developer.hashicorp.com/vault/docs/concepts/policies#policy-syntax
 */
export function vaultPathMatches(pattern: string, path: string): boolean {
  const p = pattern.replace(/^\//, "");
  const prefix = p.endsWith("*");
  const body = prefix ? p.slice(0, -1) : p;
  if (!body.split("/").includes("+")) return prefix ? path.startsWith(body) : path === body;
  const pat = body.split("/");
  const segs = path.split("/");
  if (prefix ? segs.length < pat.length : segs.length !== pat.length) return false;
  return pat.every((seg, i) => {
    if (seg === "+") return true;
    if (prefix && i === pat.length - 1) return segs[i]!.startsWith(seg);
    return seg === segs[i];
  });
}

/**
 * Whether a policy path matches some request path under `under` (`vaultPathReaches("secret/+/a/*",
 * "secret/destroy")` is true: it matches `secret/destroy/a/x`). The question a policy asks of a grant
 * ("can it reach the destroy endpoint, or sys/?"), whatever the glob's spelling.
 */
export function vaultPathReaches(pattern: string, under: string): boolean {
  const p = pattern.replace(/^\//, "");
  const prefix = p.endsWith("*");
  const pat = (prefix ? p.slice(0, -1) : p).split("/");
  const target = under.replace(/\/$/, "").split("/");
  for (let i = 0; i < target.length; i++) {
    if (i >= pat.length) return false;
    const seg = pat[i]!;
    if (prefix && i === pat.length - 1) return target[i]!.startsWith(seg);
    if (seg !== "+" && seg !== target[i]) return false;
  }
  return prefix || pat.length > target.length;
}

/** Whether a rule grants anything (it is not a pure deny and lists some capability). */
export function grants(rule: VaultPathRule): boolean {
  return rule.capabilities.length > 0 && !rule.capabilities.includes("deny");
}

// ---- HCL 1, the subset a policy document can use ----

type Token =
  | { readonly kind: "str" | "ident" | "num"; readonly text: string; readonly line: number }
  | { readonly kind: "punct"; readonly text: string; readonly line: number };

class HclParser {
  private readonly tokens: Token[];
  private pos = 0;

  constructor(text: string) {
    this.tokens = tokenize(text);
  }

  document(): Entry[] {
    const entries = this.body(undefined);
    if (this.pos < this.tokens.length) this.fail(this.tokens[this.pos]!, "unexpected");
    return entries;
  }

  /** Items until `close` (or the end of input when undefined), each `keys = value` or `keys { ... }`. */
  private body(close: string | undefined): Entry[] {
    const out: Entry[] = [];
    for (;;) {
      const t = this.tokens[this.pos];
      if (t === undefined) {
        if (close !== undefined) throw new Error(`unexpected end of document: "${close}" expected`);
        return out;
      }
      if (t.kind === "punct" && t.text === close) return out;
      if (t.kind === "punct" && t.text === ",") {
        this.pos++;
        continue;
      }
      const keys: string[] = [];
      while (this.peekKey()) keys.push(this.tokens[this.pos++]!.text);
      if (keys.length === 0) this.fail(t, "a key expected");
      const next = this.tokens[this.pos];
      if (next?.kind === "punct" && (next.text === "=" || next.text === ":")) {
        this.pos++;
        out.push([keys, this.value()]);
      } else if (next?.kind === "punct" && next.text === "{") {
        out.push([keys, this.value()]);
      } else this.fail(next ?? t, `"=" or "{" expected after ${keys.join(" ")}`);
    }
  }

  private peekKey(): boolean {
    const t = this.tokens[this.pos];
    return t !== undefined && (t.kind === "ident" || t.kind === "str");
  }

  private value(): unknown {
    const t = this.tokens[this.pos++];
    if (t === undefined) throw new Error("unexpected end of document: a value expected");
    if (t.kind === "str") return t.text;
    if (t.kind === "num") return Number(t.text);
    if (t.kind === "ident") {
      if (t.text === "true" || t.text === "false") return t.text === "true";
      this.fail(t, "a value expected");
    }
    if (t.text === "[") {
      const list: unknown[] = [];
      for (;;) {
        const n = this.tokens[this.pos];
        if (n === undefined) throw new Error('unexpected end of document: "]" expected');
        if (n.kind === "punct" && n.text === "]") {
          this.pos++;
          return list;
        }
        list.push(this.value());
        const sep = this.tokens[this.pos];
        if (sep?.kind === "punct" && sep.text === ",") this.pos++;
        else if (!(sep?.kind === "punct" && sep.text === "]")) this.fail(sep ?? n, '"," or "]" expected');
      }
    }
    if (t.text === "{") {
      const entries = this.body("}");
      this.pos++;
      return objectFrom(entries);
    }
    return this.fail(t, "a value expected");
  }

  private fail(t: Token, what: string): never {
    throw new Error(`line ${t.line}: ${what} at ${JSON.stringify(t.text)}`);
  }
}

/** HCL 1 nesting: `a "b" { x = 1 }` is `{ a: { b: { x: 1 } } }`. */
function objectFrom(entries: readonly Entry[]): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  for (const [keys, value] of entries) {
    let cur = obj;
    keys.forEach((k, i) => {
      if (i === keys.length - 1) cur[k] = value;
      else cur = (cur[k] ??= {}) as Record<string, unknown>;
    });
  }
  return obj;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\n") {
      line++;
      i++;
    } else if (/\s/.test(c)) i++;
    else if (c === "#" || (c === "/" && text[i + 1] === "/")) {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) throw new Error(`line ${line}: unterminated comment`);
      line += text.slice(i, end).split("\n").length - 1;
      i = end + 2;
    } else if (c === '"') {
      let s = "";
      i++;
      for (;;) {
        const d = text[i];
        if (d === undefined || d === "\n") throw new Error(`line ${line}: unterminated string`);
        i++;
        if (d === '"') break;
        if (d === "\\") {
          const e = text[i++];
          s += e === "n" ? "\n" : e === "t" ? "\t" : (e ?? "");
        } else s += d;
      }
      out.push({ kind: "str", text: s, line });
    } else if ("{}[]=,:".includes(c)) {
      out.push({ kind: "punct", text: c, line });
      i++;
    } else if (/[0-9-]/.test(c)) {
      const m = /^-?[0-9]+(\.[0-9]+)?/.exec(text.slice(i));
      if (!m) throw new Error(`line ${line}: unexpected ${JSON.stringify(c)}`);
      out.push({ kind: "num", text: m[0], line });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.-]*/.exec(text.slice(i))!;
      out.push({ kind: "ident", text: m[0], line });
      i += m[0].length;
    } else
      throw new Error(
        `line ${line}: unexpected ${JSON.stringify(c)}${c === "<" ? " (heredocs are not read)" : ""}`,
      );
  }
  return out;
}
