import { containersOf, workloadPolicy } from "../../lib/k8s";
import { asArray, at, asObject, asString, knownStrings } from "../../lib/values";

/**
 * Matched against the name in UPPER_SNAKE form (`dbPassword` is tested as `DB_PASSWORD`), on whole
 * segments, so `HF_TOKEN` and `OPENAI_API_KEY` match but `TOKENIZER` and `MAX_TOKENS` do not.
 */
export const DEFAULT_SECRET_NAME_PATTERN =
  "(^|_)(PASSWORD|PASSWD|PASS|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|SECRET_?KEY|" +
  "CREDENTIALS?|AUTH_?KEY|DSN|CONNECTION_STRING)(_|$)";
/** Names that only point at a secret: a mounted file, a Secret's name, an ARN. */
export const DEFAULT_IGNORE_NAME_PATTERN = "_(FILE|PATH|DIR|NAME|REF|ID|ARN)$";

const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();

// Values that are credentials whatever the variable is called: AWS access key ids, PEM private keys,
// GitHub and Hugging Face tokens.
const SECRET_VALUE =
  /^(AKIA|ASIA)[0-9A-Z]{16}$|-----BEGIN [A-Z ]*PRIVATE KEY-----|^gh[pousr]_[A-Za-z0-9]{36}|^hf_[A-Za-z0-9]{30,}/;

function regex(pattern: unknown, fallback: string): RegExp {
  try {
    return new RegExp(typeof pattern === "string" ? pattern : fallback, "i");
  } catch {
    return new RegExp(fallback, "i");
  }
}

/**
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Kubernetes_Security_Cheat_Sheet.html
 */
export const workloadDisallowSecretsInEnv = workloadPolicy({
  name: "kubernetes-workload-disallow-secrets-in-env",
  description:
    "Containers (including init and ephemeral containers) must not pass secrets as plain env values: a " +
    "variable whose name looks like a secret (secretNamePattern) or whose value is a known credential format " +
    "must come from valueFrom.secretKeyRef. A plain value is stored in the workload object, readable by " +
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
      for (const e of asArray(ref.container.env)) {
        const env = asObject(e);
        const name = asString(env?.name);
        // An unknown value is a value from another resource: if it is secret, the message below would
        // still apply, but this policy says nothing about what it cannot see.
        const value = asString(at(env, "value"));
        if (!env || name === undefined || value === undefined || value === "" || allowed.has(name)) continue;
        const byName = secretName.test(snake(name)) && !ignoreName.test(snake(name));
        if (!byName && !SECRET_VALUE.test(value)) continue;
        // Never echo the value: the message lands in CI logs.
        out.push(
          `${ref.label} passes ${name} as a plain env value: reference a Secret with ` +
            "valueFrom.secretKeyRef instead.",
        );
      }
    }
    return out;
  },
});
