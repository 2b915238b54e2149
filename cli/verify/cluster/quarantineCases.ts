/**
 * Quarantine cases (issue #15): for every model server endpoint of our stacks, the same pod labelled
 * `rampart.io/quarantine=true` is reached by nothing (the gateway, the scraper) and reaches nothing
 * (kube-dns, istiod), while unlabelled it keeps those flows (the control cases). Only emitted for
 * namespaces that have a `quarantine` NetworkPolicy: a namespace without one fails the policy pack
 * instead (policy-pack/policies/k8s-network/).
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
import { QUARANTINE_LABEL, QUARANTINE_VALUE } from "../../../components/shared/quarantine";
import { QUARANTINE_POLICY_NAME } from "../../../components/shared/networkPolicy";
import { MONITORING_POD_LABELS } from "../../../components/observability/securityMonitoring.logic";
import { NAMESPACE_MESH_DEFAULTS } from "../../../components/workloads/inferenceNamespace.mesh.defaults";
import type { ClusterModel } from "./model";
import type { MeshEndpoint } from "./rampartCases";
import type { ClusterCase, ClusterClient } from "./types";

const CITE = {
  dns: "https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/",
  ports: "https://istio.io/latest/docs/ops/deployment/application-requirements/#ports-used-by-istio",
  quarantine: "docs/runbooks/incident-container-escape.md (quarantine a pod without deleting the evidence)",
} as const;

export function quarantineCases(
  model: ClusterModel,
  endpoints: readonly MeshEndpoint[],
  gateway: ClusterClient,
): ClusterCase[] {
  const guarded = new Set(
    model.networkPolicies.filter((p) => p.name === QUARANTINE_POLICY_NAME).map((p) => p.namespace),
  );
  const scraper: ClusterClient = {
    ...NAMESPACE_MESH_DEFAULTS.scraper,
    labels: { ...MONITORING_POD_LABELS.prometheus },
  };
  const cases: ClusterCase[] = [];
  for (const e of endpoints) {
    if (!guarded.has(e.namespace)) continue;
    const id = `${e.namespace}-${e.name}-quarantined`;
    const labels = { app: e.name, [QUARANTINE_LABEL]: QUARANTINE_VALUE };
    const pod = { namespace: e.namespace, labels };
    const control = { namespace: e.namespace, labels: { app: e.name } };
    const dns = { namespace: "kube-system", labels: { "k8s-app": "kube-dns" }, port: 53 };
    const istiod = { namespace: model.rootNamespace, labels: { app: "istiod" }, port: 15012 };
    const deny = (suffix: string, description: string, c: Pick<ClusterCase, "from" | "to">) =>
      cases.push({ id: `${id}-${suffix}`, description, ...c, expect: "deny", cite: CITE.quarantine });
    deny("from-gateway", `the gateway cannot reach quarantined ${e.namespace}/${e.name}`, {
      from: { ...gateway, jwt: true },
      to: { ...pod, port: e.port, method: "POST", path: `${e.pathPrefix}chat/completions` },
    });
    deny("from-scraper", `the scraper cannot read a quarantined pod's metrics`, {
      from: scraper,
      to: { ...pod, port: e.metricsPort, path: "/metrics" },
    });
    deny("to-kube-dns", `quarantined ${e.namespace}/${e.name} cannot resolve names (kube-dns, TCP 53)`, {
      from: pod,
      to: dns,
    });
    deny(
      "to-istiod",
      `quarantined ${e.namespace}/${e.name} cannot reach istiod (no new config or certificates)`,
      {
        from: pod,
        to: istiod,
      },
    );
    deny(
      "to-namespace-peer",
      `quarantined ${e.namespace}/${e.name} cannot reach another pod of its namespace`,
      {
        from: pod,
        to: { namespace: e.namespace, labels: { app: e.name }, port: e.port },
      },
    );
    // Controls: the same pod without the label keeps its flows (the quarantine is the only difference).
    // Only for targets whose namespace the export creates: elsewhere whether a sidecar runs is unknown.
    const known = (n: string) => model.namespaces.has(n);
    const controls: ClusterCase[] = [
      {
        id: `${id}-control-to-kube-dns`,
        description: `unlabelled, ${e.namespace}/${e.name} resolves names`,
        from: control,
        to: dns,
        expect: "allow",
        cite: CITE.dns,
      },
      {
        id: `${id}-control-to-istiod`,
        description: `unlabelled, ${e.namespace}/${e.name}'s sidecar reaches istiod on 15012`,
        from: control,
        to: istiod,
        expect: "allow",
        cite: CITE.ports,
      },
    ];
    cases.push(...controls.filter((c) => known(c.to.namespace)));
  }
  return cases;
}
