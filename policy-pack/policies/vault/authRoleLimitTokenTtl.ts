import { resourcePolicy } from "../../lib/policy";
import { asNumber } from "../../lib/values";

const KINDS: Readonly<Record<string, string>> = {
  "vault:kubernetes/authBackendRole:AuthBackendRole": "Kubernetes",
  "vault:jwt/authBackendRole:AuthBackendRole": "JWT/OIDC",
  "vault:appRole/authBackendRole:AuthBackendRole": "AppRole",
};

/**
 * The tokens an auth role issues live `token_ttl` and may be renewed up to `token_max_ttl`; 0 (or unset)
 * means "the mount's or the system's default", 768 hours out of the box. A periodic token
 * (`token_period`) renews without end. Short tokens bound what a stolen token is worth; the role map
 * sets 900 s / at most the role's session (≤ 3600 s), the same bound IAM sessions have.
 * Catalog: Vault production hardening, "Use short TTLs".
 * @see https://developer.hashicorp.com/vault/docs/concepts/tokens#token-time-to-live-periodic-tokens-and-explicit-max-ttls
 * @see https://developer.hashicorp.com/vault/docs/configuration#default_lease_ttl
 * @see https://developer.hashicorp.com/vault/tutorials/operations/production-hardening
 */
export const authRoleLimitTokenTtl = resourcePolicy({
  name: "vault-auth-role-limit-token-ttl",
  description:
    "Vault auth roles (Kubernetes, JWT/OIDC, AppRole) must set token_ttl and token_max_ttl between 1 s and " +
    "config maximumSeconds (3600) and issue no periodic tokens: 0 or unset means the system default of 768 " +
    "hours, and a periodic token renews forever, so a stolen token stays good for weeks (HashiCorp Vault " +
    "production hardening; Vault token docs).",
  catalog: ["Vault Use short TTLs"],
  remediation:
    "Set tokenTtl and tokenMaxTtl to between 1 and maximumSeconds (3600) seconds, and remove tokenPeriod.",
  types: Object.keys(KINDS),
  configSchema: {
    properties: {
      maximumSeconds: {
        type: "integer",
        minimum: 1,
        default: 3600,
        description: "The longest token_ttl / token_max_ttl / token_explicit_max_ttl allowed, seconds.",
      },
    },
  },
  check: (props, { type, config }) => {
    const max = typeof config.maximumSeconds === "number" ? config.maximumSeconds : 3600;
    const role = `Vault ${KINDS[type]} auth role${typeof props.roleName === "string" ? ` "${props.roleName}"` : ""}`;
    const out: string[] = [];
    for (const field of ["tokenTtl", "tokenMaxTtl"]) {
      const v = asNumber(props[field]);
      if (v === undefined || v <= 0)
        out.push(`${role} leaves ${field} unset or 0 (the system default, 768 h): set 1..${max} seconds.`);
      else if (v > max) out.push(`${role} sets ${field} to ${v} s, over ${max}: lower it.`);
    }
    const explicit = asNumber(props.tokenExplicitMaxTtl);
    if (explicit !== undefined && explicit > max)
      out.push(`${role} sets tokenExplicitMaxTtl to ${explicit} s, over ${max}: lower it.`);
    const period = asNumber(props.tokenPeriod);
    if (period !== undefined && period > 0)
      out.push(
        `${role} issues periodic tokens (tokenPeriod ${period}), renewable without end: remove tokenPeriod.`,
      );
    return out;
  },
});
