import { objectPolicy } from "../../lib/k8s";
import { helmValues } from "../../lib/helmValues";
import { chartRef, HELM_TYPES } from "../../lib/k8sTypes";
import { UNSEEN } from "../../lib/unknown";
import { asArray, asNumber, asObject, asString, at } from "../../lib/values";

/** Kyverno's chart: `kyverno`, `kyverno/kyverno`, an OCI or local path ending in `/kyverno`, a .tgz. */
export function isKyvernoChart(chart: string | undefined): boolean {
  return chart !== undefined && /(^|\/)kyverno(-\d+\.\d+\.\d+[^/]*\.tgz)?\/?$/.test(chart);
}

/** Namespaces Kyverno's webhooks may skip: the API server's own and Kyverno's. */
const MAY_SKIP = new Set(["kube-system", "kyverno"]);

/**
 * Kyverno's admission webhooks fail closed for Enforce policies: with one admission controller, a node
 * drain or a crash stops pod creation, which pushes operators to turn enforcement off; three spread
 * replicas keep it up. `features.forceFailurePolicyIgnore` turns every webhook fail-open. Excluding
 * namespaces from the webhooks (`config.webhooks` NotIn, `config.resourceFiltersIncludeNamespaces`)
 * beyond kube-system and Kyverno's own lets workloads there skip image verification.
 * @see https://kyverno.io/docs/installation/methods/#high-availability-installation
 * @see https://github.com/kyverno/kyverno/blob/v1.19.0/charts/kyverno/values.yaml
 */
export const releaseRequireHardenedKyverno = objectPolicy({
  name: "helm-release-require-hardened-kyverno",
  description:
    "Helm releases of Kyverno's chart must run at least minimumReplicas admission controllers (HA: " +
    "webhooks fail closed), must not set features.forceFailurePolicyIgnore, and must not exclude " +
    "namespaces other than kube-system and kyverno from the webhooks: otherwise image verification " +
    "stops with one pod, fails open, or skips whole namespaces.",
  // No catalog checks Kyverno's chart; the closest general control is the one its webhooks enforce
  // (CIS EKS 5.1.4, approved registries), which fail-open webhooks and skipped namespaces defeat.
  catalog: ["CIS EKS 5.1.4"],
  remediation:
    "Set admissionController.replicas to at least 3, remove features.forceFailurePolicyIgnore and exclude only kube-system and kyverno from the webhooks.",
  configSchema: {
    properties: {
      minimumReplicas: { type: "number", default: 3, description: "Fewest admission controller replicas." },
    },
  },
  types: HELM_TYPES,
  check: (props, { config }) => {
    const chart = chartRef(props);
    if (!isKyvernoChart(chart)) return;
    const values = helmValues(props);
    if (values === UNSEEN) return;
    const v = (...path: string[]) => at(values ?? {}, ...path);
    const label = `Helm chart "${chart}"`;
    const out: string[] = [];
    const min = asNumber(config.minimumReplicas) ?? 3;
    const replicas = v("admissionController", "replicas");
    if (replicas !== UNSEEN) {
      const n = asNumber(replicas);
      if (n === undefined || n < min)
        out.push(
          `${label} runs ${n === undefined ? "one admission controller (the chart's default)" : `${n} admission controller(s)`}: set admissionController.replicas to at least ${min}.`,
        );
    }
    const force = v("features", "forceFailurePolicyIgnore", "enabled");
    if (force === true || force === "true")
      out.push(
        `${label} sets features.forceFailurePolicyIgnore.enabled, turning every webhook fail-open: remove it.`,
      );
    const selector = v("config", "webhooks", "namespaceSelector");
    for (const e of asArray(at(selector === UNSEEN ? {} : selector, "matchExpressions"))) {
      const x = asObject(e);
      if (!x || asString(x.key) !== "kubernetes.io/metadata.name" || asString(x.operator) !== "NotIn")
        continue;
      const extra = asArray(x.values).filter((n) => typeof n === "string" && !MAY_SKIP.has(n));
      if (extra.length > 0)
        out.push(
          `${label} excludes ${extra.join(", ")} from Kyverno's webhooks (config.webhooks): exclude only kube-system.`,
        );
    }
    const included = asArray(v("config", "resourceFiltersIncludeNamespaces")).filter(
      (n) => typeof n === "string" && !MAY_SKIP.has(n),
    );
    if (included.length > 0)
      out.push(
        `${label} filters out ${included.join(", ")} (config.resourceFiltersIncludeNamespaces): Kyverno would skip them; remove it.`,
      );
    return out;
  },
});
