import { resourcePolicy } from "../../lib/policy";
import { isTrue } from "../../lib/values";

const FLAGS: [string, string][] = [
  [
    "exportable",
    "the key material can be read out (transit/export), so ciphertext is only as safe as every copy",
  ],
  ["allowPlaintextBackup", "a backup holds the key in plaintext"],
  ["deletionAllowed", "the key can be deleted, and every prompt and transcript encrypted with it"],
];

/**
 * The transit key encrypts prompts and transcripts at the application layer. It must never leave Vault
 * (`exportable`, `allow_plaintext_backup` are one-way switches Vault cannot turn back off) and must not be
 * deletable, since deleting it destroys every ciphertext's plaintext.
 * Catalog: no check covers transit key flags; the closest hardening item is "Restrict storage access"
 * (key material stays inside Vault, and what it protects cannot be destroyed by a deletion).
 * @see https://developer.hashicorp.com/vault/api-docs/secret/transit#create-key
 * @see https://developer.hashicorp.com/vault/api-docs/secret/transit#update-key-configuration
 */
export const transitSecretBackendKeyDisallowExportOrDeletion = resourcePolicy({
  name: "vault-transit-secretbackendkey-disallow-export-or-deletion",
  description:
    "Vault transit keys must not be exportable, allow plaintext backup or allow deletion: the first two let " +
    "the key leave Vault (Vault cannot turn them off again) and the third destroys everything encrypted with " +
    "it (Vault transit API: exportable, allow_plaintext_backup, deletion_allowed).",
  catalog: ["Vault Restrict storage access"],
  remediation:
    "Set exportable, allowPlaintextBackup and deletionAllowed to false (or leave them unset) on the transit key.",
  types: ["vault:transit/secretBackendKey:SecretBackendKey"],
  check: (props) =>
    FLAGS.filter(([field]) => isTrue(props[field])).map(
      ([field, why]) =>
        `Vault transit key${typeof props.name === "string" ? ` "${props.name}"` : ""} sets ${field}: ${why}; set it to false.`,
    ),
});
