import { resourcePolicy } from "../../lib/policy";

/**
 * Seconds in a Vault duration: a number of seconds, or Go-style units (`90s`, `15m`, `1h30m`, `7d`), as
 * Vault's `parseutil.ParseDurationSecond` reads them. Undefined when it is not one.
 * @see https://developer.hashicorp.com/vault/docs/concepts/duration-format
 */
export function vaultDurationSeconds(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v !== "string") return undefined;
  const s = v.trim();
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(s)) return undefined;
  const unit: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };
  let total = 0;
  for (const [, n, , u] of s.matchAll(/(\d+(\.\d+)?)(ms|s|m|h|d)/g)) total += Number(n) * unit[u!]!;
  return total;
}

/**
 * A token created by the stack is written to its state and lives as long as its TTL allows. No TTL (or
 * 0) means the system default, 768 hours; `period` makes it renewable without end; `no_parent` makes it
 * an orphan that survives the revocation of the token that created it. Humans and workloads log in
 * through the auth methods instead, with short tokens.
 * Catalog: Vault production hardening, "Use short TTLs"; and "Develop an off-boarding process" (revoking
 * a user's tokens), which an orphan token survives.
 * @see https://developer.hashicorp.com/vault/docs/concepts/tokens#token-hierarchies-and-orphan-tokens
 * @see https://developer.hashicorp.com/vault/docs/concepts/tokens#periodic-tokens
 * @see https://developer.hashicorp.com/vault/tutorials/operations/production-hardening
 */
export const tokenDisallowLongLived = resourcePolicy({
  name: "vault-token-disallow-long-lived",
  description:
    "Vault tokens a stack creates must have a TTL of at most config maximumSeconds (3600), no period and a " +
    "parent: an unset TTL means 768 hours, a periodic token renews forever and an orphan (no_parent) " +
    "survives the revocation of its creator, while the token sits in the stack's state (HashiCorp Vault " +
    "production hardening; Vault token docs).",
  catalog: ["Vault Use short TTLs", "Vault Develop an off-boarding process"],
  remediation: "Set ttl to at most maximumSeconds (3600), and remove period and noParent from the token.",
  types: ["vault:index/token:Token"],
  configSchema: {
    properties: {
      maximumSeconds: { type: "integer", minimum: 1, default: 3600, description: "Longest ttl, seconds." },
    },
  },
  check: (props, { config }) => {
    const max = typeof config.maximumSeconds === "number" ? config.maximumSeconds : 3600;
    const token = `Vault token${typeof props.displayName === "string" && props.displayName !== "" ? ` "${props.displayName}"` : ""}`;
    const out: string[] = [];
    const ttl = vaultDurationSeconds(props.ttl);
    if (ttl === undefined || ttl <= 0)
      out.push(`${token} has no ttl (the system default, 768 h): set ttl to at most ${max}s.`);
    else if (ttl > max)
      out.push(`${token} lives ${ttl} s (ttl ${String(props.ttl)}), over ${max}: lower ttl.`);
    const explicit = vaultDurationSeconds(props.explicitMaxTtl);
    if (explicit !== undefined && explicit > max)
      out.push(`${token} may be renewed for ${explicit} s (explicitMaxTtl), over ${max}: lower it.`);
    const period = vaultDurationSeconds(props.period);
    if (period !== undefined && period > 0)
      out.push(
        `${token} is periodic (period ${String(props.period)}), renewable without end: remove period.`,
      );
    if (props.noParent === true)
      out.push(`${token} is an orphan (noParent), surviving the revocation of its creator: remove noParent.`);
    return out;
  },
});
