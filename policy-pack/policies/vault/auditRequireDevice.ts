import { stackPolicy } from "../../lib/policy";

const AUDIT = "vault:index/audit:Audit";

/**
 * Without an audit device Vault keeps no record of who read which secret or decrypted which transcript;
 * HashiCorp's production hardening guide requires one. A stack that configures Vault (any `vault:`
 * resource) must enable one too.
 * Catalog: Vault production hardening, "Enable audit device logs".
 * @see https://developer.hashicorp.com/vault/tutorials/operations/production-hardening (enable auditing)
 * @see https://developer.hashicorp.com/vault/docs/audit
 */
export const auditRequireDevice = stackPolicy({
  name: "vault-audit-require-device",
  description:
    "Stacks that configure Vault (any vault: resource) must enable an audit device (vault:index/audit:Audit): " +
    "without one nobody can tell who read a secret or decrypted a transcript (HashiCorp Vault production " +
    "hardening: enable auditing).",
  catalog: ["Vault Enable audit device logs"],
  remediation:
    "Add a vault.Audit resource (a file or socket device feeding the SIEM) to every stack that configures Vault.",
  types: [AUDIT],
  check: (resources) => {
    const vault = resources.filter((r) => r.type.startsWith("vault:"));
    if (vault.length === 0 || vault.some((r) => r.type === AUDIT)) return [];
    return [
      {
        urn: vault[0]!.urn,
        message:
          `The stack configures Vault (${vault.length} vault: resource(s)) but enables no audit device: add a ` +
          `vault.Audit (VaultAccess's audit option).`,
      },
    ];
  },
});
