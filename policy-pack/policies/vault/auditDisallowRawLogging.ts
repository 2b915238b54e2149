import { resourcePolicy } from "../../lib/policy";
import { asObject, isTrue } from "../../lib/values";

/**
 * Vault's audit devices HMAC every secret value and token in the log by default. `log_raw = true` writes
 * them in plaintext (secrets, tokens, transit plaintexts: prompts), and `hmac_accessor = false` writes
 * token accessors in clear, which let the reader look up and revoke tokens. The log then becomes the
 * most valuable secret in the SIEM.
 * Catalog: Vault production hardening, "Enable audit device logs" (audit logs securely hash sensitive data).
 * @see https://developer.hashicorp.com/vault/docs/audit#common-configuration-options
 * @see https://developer.hashicorp.com/vault/docs/audit#sensitive-information
 */
export const auditDisallowRawLogging = resourcePolicy({
  name: "vault-audit-disallow-raw-logging",
  description:
    "Vault audit devices must not set log_raw = true or hmac_accessor = false: secrets, tokens, prompts " +
    "encrypted through transit and token accessors would be written in plaintext to the audit log and the " +
    "SIEM it feeds (Vault audit docs: log_raw, hmac_accessor).",
  catalog: ["Vault Enable audit device logs"],
  remediation:
    'Remove options.log_raw (or set it to "false") and options.hmac_accessor "false" from the audit device.',
  types: ["vault:index/audit:Audit"],
  check: (props) => {
    const options = asObject(props.options) ?? {};
    const device = `Vault audit device${typeof props.path === "string" ? ` "${props.path}"` : ""}`;
    const out: string[] = [];
    if (isTrue(options.log_raw))
      out.push(`${device} sets log_raw = true: secrets and tokens are logged in plaintext; remove it.`);
    const hmac = options.hmac_accessor;
    if (hmac === false || (typeof hmac === "string" && hmac.toLowerCase() === "false"))
      out.push(`${device} sets hmac_accessor = false: token accessors are logged in clear; remove it.`);
    return out;
  },
});
