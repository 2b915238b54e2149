import { objectPolicy } from "../../lib/k8s";
import {
  allowedPathsFor,
  allowedPathsSchema,
  helmValues,
  MAX_VALUES_DEPTH,
  valuesPath,
} from "../../lib/helmValues";
import {
  credentialKinds,
  DEFAULT_SECRET_NAME_PATTERN,
  kindList,
  literalValue,
  regex,
  secretName,
  VALUES_IGNORE_NAME_PATTERN,
} from "../../lib/k8sSecrets";
import { chartLabel, chartRef, HELM_TYPES } from "../../lib/k8sTypes";
import { UNSEEN } from "../../lib/unknown";
import { asString, isUnknown } from "../../lib/values";

/**
 * A Helm release's values are stored in the release Secret in the cluster and, for a Pulumi-managed
 * release, in the Pulumi state and every preview diff; charts then copy them into the objects they
 * render, often a ConfigMap or a plain env value. So a literal credential in values (`auth.password`,
 * `adminPassword`, `apiKey`, an env list entry `{name: DB_PASSWORD, value: ...}`, a config-file string
 * with `password = ...`) is exposed however the chart uses it. Charts take the name of an existing Secret
 * instead (`existingSecret`, `auth.existingSecret`, `passwordKey`), which is not flagged.
 * @see https://helm.sh/docs/chart_best_practices/values/ (values are not a secret store)
 * @see https://kubernetes.io/docs/concepts/security/secrets-good-practices/
 */
export const releaseDisallowSecretsInValues = objectPolicy({
  name: "helm-release-disallow-secrets-in-values",
  description:
    "Helm releases and charts (v3 Release, v3 Chart, v4 Chart) must not pass literal credentials in their " +
    "values: a key named like a secret (password, token, apiKey, clientSecret...) with a literal value, or a " +
    "string holding a private key, access key, password assignment or connection string with a password. " +
    "Values are kept in the release Secret, the Pulumi state and preview diffs, and charts copy them into " +
    "ConfigMaps and env values.",
  catalog: ["KICS a88baa34-e2ad-44ea-ad6f-8cac87bc7c71"],
  remediation:
    "Create a Kubernetes Secret and pass its name in the chart's existingSecret (or equivalent) value instead of the literal credential.",
  types: HELM_TYPES,
  configSchema: {
    properties: {
      allowedPaths: allowedPathsSchema(
        '{"grafana": ["values.grafana.ini.auth.oauth_allow_insecure_email_lookup"]}',
      ),
    },
  },
  check: (props, { config }) => {
    const values = helmValues(props);
    if (values === UNSEEN || values === undefined) return;
    const chart = chartRef(props);
    const allowed = allowedPathsFor(config, chart);
    return walk(values)
      .filter((f) => !allowed.has(f.path))
      .map(
        (f) =>
          `${chartLabel(props)} values hold ${f.what} at ${f.path}: put it in a Secret and pass the ` +
          "Secret's name (existingSecret) instead.",
      );
  },
});

function walk(values: Record<string, any>): { path: string; what: string }[] {
  const byName = regex(undefined, DEFAULT_SECRET_NAME_PATTERN);
  const ignore = regex(undefined, VALUES_IGNORE_NAME_PATTERN);
  const out: { path: string; what: string }[] = [];
  const leaf = (name: string | undefined, value: unknown, path: string) => {
    const text = asString(value);
    const named =
      name !== undefined &&
      secretName(name, byName, ignore) &&
      (isUnknown(value) || (text !== undefined && literalValue(text)));
    const kinds = text !== undefined ? credentialKinds(text) : [];
    if (named || kinds.length > 0)
      out.push({ path, what: kinds.length > 0 ? kindList(kinds) : "a secret (by its name)" });
  };
  const visit = (node: unknown, path: string, depth: number) => {
    if (depth > MAX_VALUES_DEPTH || node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      node.forEach((v, i) =>
        v !== null && typeof v === "object"
          ? visit(v, valuesPath(path, i), depth + 1)
          : leaf(undefined, v, valuesPath(path, i)),
      );
      return;
    }
    const obj = node as Record<string, unknown>;
    // An env-style entry ({name: DB_PASSWORD, value: ...}): the name is the key.
    const envName = asString(obj.name);
    if (envName !== undefined && "value" in obj && (typeof obj.value !== "object" || obj.value === null)) {
      leaf(envName, obj.value, valuesPath(path, "value"));
    }
    for (const [key, value] of Object.entries(obj)) {
      if (envName !== undefined && key === "value") continue;
      if (value !== null && typeof value === "object") visit(value, valuesPath(path, key), depth + 1);
      else leaf(key, value, valuesPath(path, key));
    }
  };
  visit(values, "values", 0);
  return out;
}
