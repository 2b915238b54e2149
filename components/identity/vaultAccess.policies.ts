import type { AccessRole, Capability } from "./roles";

/**
 * Vault's plane of the role map: which Vault paths each capability grants (VAULT_GRANTS, one table, the
 * union over a role's capabilities is the role's policy), the workloads' policies and the transit
 * encrypt-only / decrypt-only policies, and the HCL text of each. Pure: no resources here.
 *
 * Paths name mounts exactly (no `*` on `*`, no `sys/*`) and KV v2 paths carry the `data/` and
 * `metadata/` segments the KV v2 API uses.
 * @see https://developer.hashicorp.com/vault/docs/concepts/policies
 * @see https://developer.hashicorp.com/vault/docs/secrets/kv/kv-v2#acl-rules
 */

/** Vault ACL capabilities (`deny` is never granted by us; sudo only on the root-protected sys paths). */
export type VaultCapability = "create" | "read" | "update" | "patch" | "delete" | "list" | "sudo" | "deny";

/** One `path "…" { … }` stanza. */
export interface PathRule {
  readonly path: string;
  readonly capabilities: readonly VaultCapability[];
  /**
   * Parameters refused whatever their value (`denied_parameters = { name = [] }`): how the admin policy
   * may manage transit keys without ever making them exportable or deletable.
   * @see https://developer.hashicorp.com/vault/docs/concepts/policies#parameter-constraints
   */
  readonly deniedParameters?: readonly string[];
}

/** Where the mounts are and which namespaces a role's namespaced grants cover. */
export interface VaultGrantContext {
  readonly kvPath: string;
  readonly transitPath: string;
  readonly transitKeyName: string;
  /** The role's namespaces (prompts are kept per namespace). */
  readonly namespaces: readonly string[];
}

/** Transit key settings an administrator must never change: they are one-way doors to key export or loss. */
const TRANSIT_KEY_LOCKED_PARAMETERS = ["exportable", "allow_plaintext_backup", "deletion_allowed"] as const;

/** The administrator's explicit paths: configuration of Vault, never `*` on everything. */
function adminRules(ctx: VaultGrantContext): PathRule[] {
  const crud: VaultCapability[] = ["create", "read", "update", "delete", "list"];
  return [
    // Enabling, tuning and disabling auth methods and audit devices are root-protected: they need sudo.
    // @see https://developer.hashicorp.com/vault/api-docs/system/auth
    // @see https://developer.hashicorp.com/vault/api-docs/system/audit
    { path: "sys/auth", capabilities: ["read", "sudo"] },
    { path: "sys/auth/*", capabilities: [...crud, "sudo"] },
    { path: "sys/mounts", capabilities: ["read"] },
    { path: "sys/mounts/*", capabilities: crud },
    // Disabling the transit mount destroys its keys (and every transcript with them), disabling the KV
    // mount its secrets: the exact paths win over the glob and leave out delete.
    // @see https://developer.hashicorp.com/vault/docs/concepts/policies#priority-matching
    { path: `sys/mounts/${ctx.transitPath}`, capabilities: ["read", "update"] },
    { path: `sys/mounts/${ctx.kvPath}`, capabilities: ["read", "update"] },
    { path: "sys/policies/acl", capabilities: ["list"] },
    { path: "sys/policies/acl/*", capabilities: crud },
    { path: "sys/audit", capabilities: ["read", "sudo"] },
    { path: "sys/audit/*", capabilities: [...crud, "sudo"] },
    { path: "auth/*", capabilities: crud },
    { path: `${ctx.kvPath}/*`, capabilities: crud },
    // Keys may be created, read and rotated, never made exportable, backed up in plaintext or deletable.
    {
      path: `${ctx.transitPath}/keys/*`,
      capabilities: ["create", "read", "update", "list"],
      deniedParameters: ["exportable", "allow_plaintext_backup"],
    },
    {
      path: `${ctx.transitPath}/keys/+/config`,
      capabilities: ["read", "update"],
      deniedParameters: TRANSIT_KEY_LOCKED_PARAMETERS,
    },
  ];
}

/** `<kv>/data/prompts/<ns>/*` read-write (no delete, no destroy), and its metadata readable. */
function promptRules(ctx: VaultGrantContext): PathRule[] {
  return ctx.namespaces.flatMap((ns) => [
    { path: `${ctx.kvPath}/data/prompts/${ns}/*`, capabilities: ["create", "read", "update"] },
    { path: `${ctx.kvPath}/metadata/prompts/${ns}/*`, capabilities: ["read", "list"] },
  ]);
}

/** Transit encrypt-only: the transcript writer. */
export function transitEncryptRules(
  ctx: Pick<VaultGrantContext, "transitPath" | "transitKeyName">,
): PathRule[] {
  return [{ path: `${ctx.transitPath}/encrypt/${ctx.transitKeyName}`, capabilities: ["update"] }];
}

/** Transit decrypt-only: the auditors. */
export function transitDecryptRules(
  ctx: Pick<VaultGrantContext, "transitPath" | "transitKeyName">,
): PathRule[] {
  return [{ path: `${ctx.transitPath}/decrypt/${ctx.transitKeyName}`, capabilities: ["update"] }];
}

/**
 * Vault's grants per capability (the common brief's "what each capability means"). Capabilities that
 * act only in AWS or Kubernetes grant nothing here.
 */
export const VAULT_GRANTS: Readonly<Record<Capability, (ctx: VaultGrantContext) => PathRule[]>> = {
  "cluster.describe": () => [],
  "inference.read": () => [],
  "models.publish": () => [],
  "models.deploy": () => [],
  "prompts.write": promptRules,
  // Auditors decrypt transcripts; reading `sys/audit` is not granted (root-protected, needs sudo).
  "audit.read": transitDecryptRules,
  "platform.admin": adminRules,
};

/** One line per capability for the README's role table. */
export const VAULT_SUMMARY: Readonly<Record<Capability, string>> = {
  "cluster.describe": "—",
  "inference.read": "—",
  "models.publish": "—",
  "models.deploy": "—",
  "prompts.write": "KV `secret/data/prompts/<ns>/*` create/read/update, metadata read/list",
  "audit.read": "transit decrypt on `transcripts`",
  "platform.admin":
    "explicit admin paths (sys/auth, sys/mounts, sys/policies/acl, sys/audit, auth/*, secret/*, transit keys without export/deletion)",
};

/** Merges rules on the same path (union of capabilities and denied parameters), sorted by path. */
export function mergeRules(rules: readonly PathRule[]): PathRule[] {
  const byPath = new Map<string, { caps: Set<VaultCapability>; denied: Set<string> }>();
  for (const r of rules) {
    const e = byPath.get(r.path) ?? { caps: new Set(), denied: new Set() };
    r.capabilities.forEach((c) => e.caps.add(c));
    (r.deniedParameters ?? []).forEach((d) => e.denied.add(d));
    byPath.set(r.path, e);
  }
  const order: VaultCapability[] = ["create", "read", "update", "patch", "delete", "list", "sudo", "deny"];
  return [...byPath.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, e]) => ({
      path,
      capabilities: order.filter((c) => e.caps.has(c)),
      ...(e.denied.size > 0 ? { deniedParameters: [...e.denied].sort() } : {}),
    }));
}

/** A role's Vault rules: the union over its capabilities. Empty when the role has nothing to do in Vault. */
export function roleRules(
  role: Pick<AccessRole, "capabilities" | "namespaces">,
  ctx: Omit<VaultGrantContext, "namespaces">,
): PathRule[] {
  const full = { ...ctx, namespaces: role.namespaces };
  return mergeRules(role.capabilities.flatMap((c) => VAULT_GRANTS[c](full)));
}

/** A workload's own policy: read its KV subtree `apps/<namespace>/<name>/`, nothing else. */
export function workloadRules(
  w: { readonly name: string; readonly namespace: string; readonly readSecrets?: boolean },
  ctx: Pick<VaultGrantContext, "kvPath">,
): PathRule[] {
  if (w.readSecrets === false) return [];
  return [
    { path: `${ctx.kvPath}/data/apps/${w.namespace}/${w.name}/*`, capabilities: ["read"] },
    { path: `${ctx.kvPath}/metadata/apps/${w.namespace}/${w.name}/*`, capabilities: ["list"] },
  ];
}

/** Policy names (shared with the policy pack and AccessControl: `rampart-<role>`, `rampart-app-<workload>`). */
export const vaultPolicyName = {
  role: (role: string) => `rampart-${role}`,
  workload: (workload: string) => `rampart-app-${workload}`,
  transitEncrypt: "rampart-transit-encrypt",
  transitDecrypt: "rampart-transit-decrypt",
} as const;

/** The HCL text of a policy. Paths and names are validated DNS labels and mount paths: no quoting needed. */
export function renderPolicy(comment: string, rules: readonly PathRule[]): string {
  if (rules.length === 0) throw new Error(`policy "${comment}" has no rules (expected at least one path)`);
  const stanzas = rules.map((r) => {
    const caps = r.capabilities.map((c) => `"${c}"`).join(", ");
    const denied = r.deniedParameters?.length
      ? `\n  denied_parameters = {\n${r.deniedParameters.map((p) => `    "${p}" = []`).join("\n")}\n  }`
      : "";
    return `path "${r.path}" {\n  capabilities = [${caps}]${denied}\n}`;
  });
  return `# ${comment} (managed by Rampart's VaultAccess)\n${stanzas.join("\n\n")}\n`;
}
