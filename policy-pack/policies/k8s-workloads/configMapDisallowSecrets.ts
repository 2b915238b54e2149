import { nameOf, objectPolicy, typesOf } from "../../lib/k8s";
import {
  credentialKinds,
  DEFAULT_SECRET_NAME_PATTERN,
  kindList,
  literalValue,
  regex,
  secretName,
  VALUES_IGNORE_NAME_PATTERN,
} from "../../lib/k8sSecrets";
import { decodeBase64Text } from "../../lib/secrets";
import { UNSEEN } from "../../lib/unknown";
import { asObject, asString, at, knownStrings } from "../../lib/values";

/**
 * A ConfigMap is readable by every principal allowed to read ConfigMaps in its namespace (far more than
 * may read Secrets: view roles include ConfigMaps, not Secrets), is shown by `kubectl describe`, and is
 * not encrypted by the Secrets KMS provider. Credentials belong in a Secret. Flagged: a `data` or
 * `binaryData` key whose name says it holds a secret (`password`, `api-key`, `client_secret`) with a
 * literal value, and any entry whose text (binaryData decoded from base64) holds a credential the shared
 * detector recognises: an AWS key, a private key, `password = ...` in a config file, a connection string
 * with a password. The value is never echoed.
 * @see https://kubernetes.io/docs/concepts/configuration/configmap/ ("ConfigMap does not provide secrecy or encryption")
 * @see https://kubernetes.io/docs/concepts/security/secrets-good-practices/
 */
export const configMapDisallowSecrets = objectPolicy({
  name: "kubernetes-configmap-disallow-secrets",
  description:
    "ConfigMaps must not hold credentials: a data or binaryData key named like a secret (password, token, " +
    "api key...) with a literal value, or an entry whose text holds a password, private key, access key or " +
    "connection string with a password. ConfigMaps are readable by anyone who may read the namespace's " +
    "configuration, shown in full by kubectl describe and not encrypted like Secrets.",
  // AVD-KSV-0109 "ConfigMap with secrets" (secret-named keys, `password:` lines in values); KICS a88baa34
  // "Passwords And Secrets".
  catalog: ["AVD-KSV-0109", "KICS a88baa34-e2ad-44ea-ad6f-8cac87bc7c71"],
  remediation:
    "Move the credential into a Secret (kubernetes:core/v1:Secret) and mount it or reference it with secretKeyRef instead of the ConfigMap key.",
  types: typesOf(["core/v1"], ["ConfigMap"]),
  configSchema: {
    properties: {
      allowedKeys: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "ConfigMap keys never flagged (reviewed: e.g. a public token or a password policy).",
      },
    },
  },
  check: (cm, { config }) => {
    const allowed = new Set(knownStrings(config.allowedKeys));
    const byName = regex(undefined, DEFAULT_SECRET_NAME_PATTERN);
    const ignore = regex(undefined, VALUES_IGNORE_NAME_PATTERN);
    const name = nameOf(cm);
    const label = name !== undefined ? `ConfigMap "${name}"` : "ConfigMap";
    const out: string[] = [];
    for (const field of ["data", "binaryData"] as const) {
      const entries = at(cm, field);
      if (entries === UNSEEN) continue;
      for (const [key, raw] of Object.entries(asObject(entries) ?? {})) {
        if (allowed.has(key)) continue;
        const text = field === "data" ? asString(raw) : decodeBase64Text(raw);
        // An unknown value under a secret-looking key is still a credential kept in a ConfigMap.
        const named =
          secretName(key, byName, ignore) &&
          (at(entries, key) === UNSEEN || (text !== undefined && literalValue(text)));
        const kinds = text !== undefined ? credentialKinds(text) : [];
        if (!named && kinds.length === 0) continue;
        out.push(
          `${label} ${field}["${key}"] holds ${kinds.length > 0 ? kindList(kinds) : "a secret (by its name)"}: ` +
            "move it to a Secret and reference that instead.",
        );
      }
    }
    return out;
  },
});
