import { resourcePolicy } from "../../lib/policy";
import { asNumber } from "../../lib/values";

/**
 * Vault rotates a transit key itself when `auto_rotate_period` is set (minimum one hour; 0 disables it).
 * Rotation bounds how much ciphertext one key version protects and is what the issue asks for; old
 * versions still decrypt. Decided: mandatory, at most `maximumDays` (90 by default; VaultAccess rotates
 * every 30). NIST SP 800-57 bounds the originator-usage period of a symmetric data key.
 * Catalog: no check covers transit rotation; the closest hardening item is "Use short TTLs" (key material
 * short-lived against its potential compromise).
 * @see https://developer.hashicorp.com/vault/api-docs/secret/transit#auto_rotate_period
 * @see https://csrc.nist.gov/pubs/sp/800/57/pt1/r5/final (5.3.6, cryptoperiods)
 */
export const transitSecretBackendKeyRequireRotation = resourcePolicy({
  name: "vault-transit-secretbackendkey-require-rotation",
  description:
    "Vault transit keys must rotate automatically (auto_rotate_period set, at most config maximumDays, 90): " +
    "unrotated, one key version protects every prompt and transcript ever written (Vault transit API: " +
    "auto_rotate_period; NIST SP 800-57 cryptoperiods).",
  catalog: ["Vault Use short TTLs"],
  remediation:
    "Set autoRotatePeriod to a number of seconds between 3600 and maximumDays x 86400 (90 days by default).",
  types: ["vault:transit/secretBackendKey:SecretBackendKey"],
  configSchema: {
    properties: {
      maximumDays: {
        type: "integer",
        minimum: 1,
        default: 90,
        description: "Longest rotation period, days.",
      },
    },
  },
  check: (props, { config }) => {
    const days = typeof config.maximumDays === "number" ? config.maximumDays : 90;
    const key = `Vault transit key${typeof props.name === "string" ? ` "${props.name}"` : ""}`;
    const period = asNumber(props.autoRotatePeriod);
    if (period === undefined || period <= 0)
      return `${key} does not rotate (autoRotatePeriod unset or 0): set it to at most ${days * 86400} seconds (${days} days).`;
    if (period > days * 86400)
      return `${key} rotates every ${period} s, longer than ${days} days: set autoRotatePeriod to at most ${days * 86400}.`;
  },
});
