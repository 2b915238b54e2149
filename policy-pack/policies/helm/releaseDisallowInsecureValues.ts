import { objectPolicy } from "../../lib/k8s";
import {
  allowedPathsFor,
  allowedPathsSchema,
  helmValues,
  MAX_VALUES_DEPTH,
  valuesPath,
} from "../../lib/helmValues";
import { UNSEEN } from "../../lib/unknown";
import { at, isUnknown, knownStrings, noteUnseen } from "../../lib/values";
import { chartLabel, chartRef, HELM_TYPES } from "../../lib/k8sTypes";

// Exact spellings, not lib/values isTrue (which also accepts "TRUE"): kept as written so no verdict moves.
const isTrue = (v: unknown) => v === true || v === "true";
const isFalse = (v: unknown) => v === false || v === "false";
const isZero = (v: unknown) => v === 0 || v === "0";

/**
 * Value keys that charts conventionally pass straight into a pod's securityContext or spec
 * (`securityContext`, `podSecurityContext`, `containerSecurityContext`, `hostNetwork`...), with the value
 * that turns the protection off. Matching by key anywhere in the tree covers each chart's own nesting.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
const RULES: { key: string; bad: (v: unknown) => boolean; what: string }[] = [
  { key: "privileged", bad: isTrue, what: "privileged: true" },
  { key: "allowPrivilegeEscalation", bad: isTrue, what: "allowPrivilegeEscalation: true" },
  { key: "hostNetwork", bad: isTrue, what: "hostNetwork: true" },
  { key: "hostPID", bad: isTrue, what: "hostPID: true" },
  { key: "hostIPC", bad: isTrue, what: "hostIPC: true" },
  { key: "runAsUser", bad: isZero, what: "runAsUser: 0" },
  { key: "runAsNonRoot", bad: isFalse, what: "runAsNonRoot: false" },
  // Windows HostProcess containers, unmasked /proc, host ports: Pod Security baseline; a writable root
  // filesystem written out explicitly (CKV_K8S_22).
  { key: "hostProcess", bad: isTrue, what: "hostProcess: true" },
  {
    key: "procMount",
    bad: (v) => typeof v === "string" && v !== "" && v !== "Default",
    what: "procMount other than Default",
  },
  {
    key: "hostPort",
    bad: (v) => (typeof v === "number" || typeof v === "string") && Number(v) > 0,
    what: "a hostPort",
  },
  { key: "readOnlyRootFilesystem", bad: isFalse, what: "readOnlyRootFilesystem: false" },
];

export const releaseDisallowInsecureValues = objectPolicy({
  name: "helm-release-disallow-insecure-values",
  description:
    "Helm releases and charts (v3 Release, v3 Chart, v4 Chart) must not pass values that switch off pod " +
    "isolation: privileged: true, allowPrivilegeEscalation: true, hostNetwork/hostPID/hostIPC: true, " +
    "runAsUser: 0, runAsNonRoot: false, hostProcess: true, procMount other than Default, a hostPort, " +
    "readOnlyRootFilesystem: false, seccompProfile type Unconfined or added capabilities other than " +
    "NET_BIND_SERVICE, anywhere in the values tree (an object, or a JSON or YAML string). A v3 Release's rendered objects are never seen by the " +
    "pack, so its values are the only place to catch them. Exceptions are granted per chart, by value path, in allowedPaths.",
  // The Pod Security controls and their Checkov/Trivy checks for the values this policy flags.
  catalog: [
    "PSS baseline: Privileged Containers",
    "PSS baseline: HostProcess",
    "PSS baseline: Host Ports",
    "PSS baseline: Host Namespaces",
    "PSS baseline: Capabilities",
    "PSS baseline: Seccomp",
    "PSS restricted: Privilege Escalation",
    "PSS restricted: Running as Non-root",
    "PSS restricted: Running as Non-root user",
    "CKV_K8S_16",
    "CKV_K8S_20",
    "AVD-KSV-0017",
    "AVD-KSV-0001",
    "AVD-KSV-0103",
    "AVD-KSV-0024",
    "AVD-KSV-0027",
    "CKV_K8S_22",
  ],
  remediation:
    "Remove the insecure value from the chart's values (or grant a reviewed exception for that chart and path in allowedPaths).",
  types: HELM_TYPES,
  configSchema: {
    properties: {
      allowedPaths: allowedPathsSchema(
        '{"dcgm-exporter": ["values.securityContext.runAsUser"]} for a node agent that must run as root',
      ),
    },
  },
  check: (props, { config }) => {
    const chart = chartRef(props);
    const allowed = allowedPathsFor(config, chart);
    const values = helmValues(props);
    return walk(values === UNSEEN ? undefined : values)
      .filter((f) => !allowed.has(f.path))
      .map(
        (f) =>
          `${chartLabel(props)} values set ${f.what} at ${f.path}: remove it, it switches off pod isolation.`,
      );
  },
});

function walk(values: unknown): { path: string; what: string }[] {
  const out: { path: string; what: string }[] = [];
  const visit = (node: unknown, path: string, depth: number) => {
    if (depth > MAX_VALUES_DEPTH || isUnknown(node) || node === null || typeof node !== "object") return;
    const entries: [string | number, unknown][] = Array.isArray(node)
      ? node.map((v, i) => [i, v])
      : Object.entries(node as Record<string, unknown>);
    for (const [key, value] of entries) {
      const here = valuesPath(path, key);
      // An unknown value under a key a rule judges could be the insecure one.
      if (
        typeof key === "string" &&
        isUnknown(value) &&
        (RULES.some((r) => r.key === key) || key === "seccompProfile" || key === "capabilities")
      )
        noteUnseen(node, [key]);
      if (typeof key === "string" && !isUnknown(value)) {
        for (const rule of RULES)
          if (key === rule.key && rule.bad(value)) out.push({ path: here, what: rule.what });
        if (key === "seccompProfile" && at(value, "type") === "Unconfined")
          out.push({ path: `${here}.type`, what: "seccompProfile type Unconfined" });
        if (key === "capabilities") {
          const added = knownStrings(at(value, "add")).filter(
            (c) => c.toUpperCase().replace(/^CAP_/, "") !== "NET_BIND_SERVICE",
          );
          if (added.length > 0)
            out.push({ path: `${here}.add`, what: `added capabilities ${added.join(", ")}` });
        }
      }
      visit(value, here, depth + 1);
    }
  };
  visit(values, "values", 0);
  return out;
}
