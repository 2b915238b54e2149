import { resourcePolicy } from "../../lib/policy";
import { asNumber, asObject } from "../../lib/values";

const KV2 = "vault:kv/secretBackendV2:SecretBackendV2";
const MOUNT = "vault:index/mount:Mount";

/**
 * KV v2 keeps past versions of each secret (10 by default, `max_versions` 0), so an overwritten or
 * soft-deleted secret can be recovered and its history read. KV v1 (a `kv` mount without
 * `options.version = "2"`, or `generic`) and KV v2 with `max_versions` 1 keep none: one bad write loses
 * the secret. Decided: `delete_version_after` is not judged: expiring old versions of secret material is
 * a retention choice, and writes stay in the audit log.
 * Catalog: no check covers KV versions; the closest hardening item is "Restrict storage access" (guarding
 * secrets against corruption or loss by modified or deleted keys), which version history makes recoverable.
 * @see https://developer.hashicorp.com/vault/docs/secrets/kv/kv-v2
 * @see https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#max_versions
 */
export const kvSecretBackendRequireVersionHistory = resourcePolicy({
  name: "vault-kv-secretbackend-require-version-history",
  description:
    "Vault KV mounts must be version 2 and keep at least config minimumVersions (2) versions of each secret " +
    "(max_versions 0 keeps Vault's 10): KV v1 or max_versions 1 keeps no history, so one bad write or delete " +
    "loses the secret for good (Vault KV v2 docs: max_versions).",
  catalog: ["Vault Restrict storage access"],
  remediation:
    'Use a KV version 2 mount (type "kv-v2" or options.version "2") with maxVersions 0 or at least minimumVersions.',
  types: [KV2, MOUNT],
  configSchema: {
    properties: {
      minimumVersions: { type: "integer", minimum: 2, default: 2, description: "Fewest versions kept." },
    },
  },
  check: (props, { type, config }) => {
    const min = typeof config.minimumVersions === "number" ? config.minimumVersions : 2;
    if (type === MOUNT) {
      const t = props.type;
      const path = typeof props.path === "string" ? ` "${props.path}"` : "";
      if (t === "generic" || (t === "kv" && String(asObject(props.options)?.version ?? "1") !== "2"))
        return `Vault mount${path} is KV version 1, which keeps no versions: use type "kv-v2" or options.version "2".`;
      return;
    }
    const n = asNumber(props.maxVersions);
    if (n !== undefined && n > 0 && n < min)
      return `Vault KV v2 mount${typeof props.mount === "string" ? ` "${props.mount}"` : ""} keeps ${n} version(s) of each secret: set maxVersions to at least ${min} (0 keeps Vault's 10).`;
  },
});
