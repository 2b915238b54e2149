import { resourcePolicy } from "../../lib/policy";
import { grants, parseVaultPolicy, vaultPathReaches } from "../../lib/vaultHcl";
import { knownStrings } from "../../lib/values";

/**
 * KV v2 keeps every version of a secret, and a soft delete (`delete` on `<kv>/data/...`, `update` on
 * `<kv>/delete/...`) can be undone. Two endpoints cannot: `update` on `<kv>/destroy/<path>` erases
 * versions for good, `delete` on `<kv>/metadata/<path>` erases the key and all its versions. Only an
 * administrator should hold them; an application or a prompt author with them can wipe what it was
 * only meant to read or write (and the history an investigation needs). Decided: flagged whether the
 * grant is exact or a glob, for every policy not in `adminPolicies`, on the mounts of `kvMounts`.
 * Catalog: no check covers KV destroy grants; the closest hardening item is "Restrict storage access" (no
 * one outside the administrators may corrupt or delete what Vault stores).
 * @see https://developer.hashicorp.com/vault/docs/secrets/kv/kv-v2/cookbook/destroy-data
 * @see https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#destroy-secret-versions
 * @see https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#delete-metadata-and-all-versions
 */
export const policyDisallowSecretDestruction = resourcePolicy({
  name: "vault-policy-disallow-secret-destruction",
  description:
    "Vault policies other than config adminPolicies must not grant the KV v2 endpoints that erase secrets for " +
    "good (update on <kv>/destroy/..., delete on <kv>/metadata/...): soft deletes can be undone, these cannot, " +
    "so a workload or author holding them can wipe the secrets and the version history an investigation " +
    "needs (HashiCorp Vault production hardening: least privilege; KV v2 destroy API).",
  catalog: ["Vault Restrict storage access"],
  remediation:
    "Remove update on <kv>/destroy/* and delete on <kv>/metadata/* from the policy, or move them to an admin policy named in adminPolicies.",
  types: ["vault:index/policy:Policy"],
  configSchema: {
    properties: {
      adminPolicies: {
        type: "array",
        items: { type: "string" },
        default: ["rampart-platform-admin", "rampart-break-glass"],
        description: "Policy names allowed to destroy secret versions.",
      },
      kvMounts: {
        type: "array",
        items: { type: "string" },
        default: ["secret"],
        description: "Paths of the KV v2 mounts.",
      },
    },
  },
  check: (props, { config, name }) => {
    const doc = props.policy;
    const policyName = typeof props.name === "string" && props.name !== "" ? props.name : name;
    if (knownStrings(config.adminPolicies).includes(policyName)) return;
    if (typeof doc !== "string") return;
    const parsed = parseVaultPolicy(doc);
    if (parsed.error !== undefined)
      return `Vault policy "${policyName}" cannot be read (${parsed.error}): fix the document.`;
    const out: string[] = [];
    for (const mount of knownStrings(config.kvMounts).map((m) => m.replace(/^\/|\/$/g, ""))) {
      const endpoints: [string, string][] = [
        ["destroy", "update"],
        ["metadata", "delete"],
      ];
      for (const rule of parsed.rules) {
        if (!grants(rule)) continue;
        for (const [endpoint, cap] of endpoints)
          if (rule.capabilities.includes(cap) && vaultPathReaches(rule.path, `${mount}/${endpoint}`))
            out.push(
              `Vault policy "${policyName}" path "${rule.path}" grants ${cap} on ${mount}/${endpoint}/, which ` +
                `erases secret versions for good: drop ${cap} there (soft delete stays available), or move ` +
                `it to an admin policy.`,
            );
      }
    }
    return out;
  },
});
