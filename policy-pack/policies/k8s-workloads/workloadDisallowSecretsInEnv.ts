import { containersOf, workloadPolicy } from "../../lib/k8s";
import {
  credentialKinds,
  kindList,
  DEFAULT_IGNORE_NAME_PATTERN,
  DEFAULT_SECRET_NAME_PATTERN,
  regex,
  secretName as isSecretName,
} from "../../lib/k8sSecrets";
import { UNSEEN } from "../../lib/unknown";
import { asArray, at, asObject, asString, knownStrings } from "../../lib/values";

export { DEFAULT_IGNORE_NAME_PATTERN, DEFAULT_SECRET_NAME_PATTERN };

/**
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Kubernetes_Security_Cheat_Sheet.html
 */
export const workloadDisallowSecretsInEnv = workloadPolicy({
  name: "kubernetes-workload-disallow-secrets-in-env",
  description:
    "Containers (including init and ephemeral containers) must not pass secrets as plain env values: a " +
    "variable whose name looks like a secret (secretNamePattern) or whose value is a known credential format " +
    "must come from valueFrom.secretKeyRef, and command and args must not carry a credential. A plain value is stored in the workload object, readable by " +
    "anyone who can read Deployments, in the Pulumi state and in every `kubectl describe`.",
  // KICS a88baa34 is "Passwords And Secrets" (literal credentials in any IaC). Not cited: CKV_K8S_35, KICS
  // 6d8f1a10 and CIS EKS 4.4.1 flag valueFrom.secretKeyRef itself (secrets as files over env), which this
  // policy recommends over a literal; a literal is worse under both.
  catalog: ["KICS a88baa34-e2ad-44ea-ad6f-8cac87bc7c71"],
  remediation:
    "Move the value into a Secret and reference it with env[].valueFrom.secretKeyRef (or mount the Secret as a file).",
  configSchema: {
    properties: {
      secretNamePattern: {
        type: "string",
        default: DEFAULT_SECRET_NAME_PATTERN,
        description: "Case-insensitive regular expression over env var names that hold secrets.",
      },
      ignoreNamePattern: {
        type: "string",
        default: DEFAULT_IGNORE_NAME_PATTERN,
        description:
          "Case-insensitive regular expression over names that only point at a secret (a file path).",
      },
      allowedNames: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Env var names never flagged.",
      },
    },
  },
  check: ({ podSpec }, { config }) => {
    const secretName = regex(config.secretNamePattern, DEFAULT_SECRET_NAME_PATTERN);
    const ignoreName = regex(config.ignoreNamePattern, DEFAULT_IGNORE_NAME_PATTERN);
    const allowed = new Set(knownStrings(config.allowedNames));
    const out: string[] = [];
    for (const ref of containersOf(podSpec)) {
      // The same credential on the command line (`--api-key=...`, a connection string in args) is as plain.
      const argKinds = credentialKinds(
        [...knownStrings(ref.container.command), ...knownStrings(ref.container.args)].join("\n"),
      );
      if (argKinds.length > 0)
        out.push(
          `${ref.label} passes ${kindList(argKinds)} in its command or args: read it from a Secret ` +
            "(a mounted file, or an env var from valueFrom.secretKeyRef) instead.",
        );
      for (const e of asArray(ref.container.env)) {
        const env = asObject(e);
        const name = asString(env?.name);
        if (!env || name === undefined || allowed.has(name) || !("value" in env)) continue;
        const raw = at(env, "value");
        const value = asString(raw);
        // A value from another resource (a database password output) is unknown during preview, but a
        // name that says "secret" is enough: whatever it is, it is written into the pod spec in plain.
        const byName = isSecretName(name, secretName, ignoreName) && (raw === UNSEEN || (value ?? "") !== "");
        const kinds = value !== undefined ? credentialKinds(value) : [];
        if (!byName && kinds.length === 0) continue;
        // Never echo the value: the message lands in CI logs.
        out.push(
          `${ref.label} passes ${name} as a plain env value` +
            `${kinds.length > 0 ? ` (it holds ${kindList(kinds)})` : ""}: reference a Secret with ` +
            "valueFrom.secretKeyRef instead.",
        );
      }
    }
    return out;
  },
});
