import type * as k8s from "@pulumi/kubernetes";
import { MESH_NAMES } from "../mesh/serviceMesh.logic";
import { ISTIOD_PORTS } from "../mesh/serviceMesh.networkPolicies";
import {
  cidrs,
  KUBE_DNS_EGRESS,
  nsSelector,
  POD_IDENTITY_AGENT,
  tcp,
  withQuarantine,
  type NetworkPolicyObject,
} from "../shared/networkPolicy";
import {
  MONITORING_NAMES,
  MONITORING_POD_LABELS,
  MONITORING_PORTS,
  SCRAPE_PORTS,
} from "./securityMonitoring.logic";
import {
  DCGM_EXPORTER_NAMESPACE,
  DCGM_EXPORTER_POD,
  MESHED_NAMESPACE_SELECTOR,
} from "./securityMonitoring.scrape";

/**
 * The `monitoring` namespace's NetworkPolicies: deny everything in and out, then allow exactly what each
 * pod needs. Policies only add to each other, so each allow opens its flow and nothing else. Ports are
 * the pods' (container) ports. Kubelet probes and `kubectl port-forward` come from the pod's own node,
 * which is always admitted.
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
 */

export interface MonitoringNetworkInputs {
  readonly vpcCidrs: readonly string[];
  readonly controlPlaneCidrs: readonly string[];
  readonly modelMetricsPorts: readonly number[];
  /** Grafana is deployed (it has SSO). */
  readonly grafana: boolean;
}

type Spec = NetworkPolicyObject["spec"];
type Peer = k8s.types.input.networking.v1.NetworkPolicyPeer;
type Egress = k8s.types.input.networking.v1.NetworkPolicyEgressRule;

const NS = MONITORING_NAMES.namespace;
const pods = (labels: Readonly<Record<string, string>>) => ({ matchLabels: { ...labels } });

function policy(name: string, spec: Spec): NetworkPolicyObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace: NS },
    spec,
  };
}

/**
 * The API server, named both ways a policy engine may see it (the `default` namespace for the VPC CNI's
 * ClusterIP matching, the control plane's subnets after translation): the same rule as the mesh's
 * namespaces (components/mesh/serviceMesh.networkPolicies.ts, apiServerEgress, which cites both).
 */
const apiServerEgress = (controlPlaneCidrs: readonly string[]): Egress => ({
  to: [{ namespaceSelector: nsSelector("default") }, ...cidrs(controlPlaneCidrs)],
  ports: tcp(443),
});

export function monitoringNetworkPolicies(n: MonitoringNetworkInputs): NetworkPolicyObject[] {
  const L = MONITORING_POD_LABELS;
  const P = MONITORING_PORTS;
  const prometheus = pods(L.prometheus);
  const alertmanager = pods(L.alertmanager);
  const inNamespace = (labels: Readonly<Record<string, string>>): Peer => ({ podSelector: pods(labels) });
  const out: NetworkPolicyObject[] = [
    policy("default-deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
    policy("allow-dns", { podSelector: {}, policyTypes: ["Egress"], egress: [KUBE_DNS_EGRESS] }),
    // Prometheus discovers targets, the operator reconciles, kube-state-metrics lists objects.
    ...(
      [
        ["prometheus", L.prometheus],
        ["operator", L.operator],
        ["kube-state-metrics", L.kubeStateMetrics],
      ] as const
    ).map(([name, labels]) =>
      policy(`allow-${name}-api-server`, {
        podSelector: pods(labels),
        policyTypes: ["Egress"],
        egress: [apiServerEgress(n.controlPlaneCidrs)],
      }),
    ),
    // Prometheus's sidecar exists only to hold its workload certificate: it needs istiod (xDS and the CA).
    policy("allow-prometheus-istiod", {
      podSelector: prometheus,
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            {
              namespaceSelector: nsSelector(MESH_NAMES.controlPlaneNamespace),
              podSelector: { matchLabels: { app: "istiod" } },
            },
          ],
          ports: tcp(ISTIOD_PORTS.xds),
        },
      ],
    }),
    policy("allow-prometheus-scrape-mesh", {
      podSelector: prometheus,
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            {
              namespaceSelector: nsSelector(MESH_NAMES.controlPlaneNamespace),
              podSelector: { matchLabels: { app: "istiod" } },
            },
          ],
          ports: tcp(SCRAPE_PORTS.istiod),
        },
        {
          to: [
            {
              namespaceSelector: nsSelector(MESH_NAMES.gatewayNamespace),
              podSelector: { matchLabels: { ...MESH_NAMES.gatewaySelector } },
            },
          ],
          ports: tcp(SCRAPE_PORTS.mergedMetrics),
        },
        {
          to: [{ namespaceSelector: MESHED_NAMESPACE_SELECTOR }],
          ports: tcp(SCRAPE_PORTS.mergedMetrics, ...n.modelMetricsPorts),
        },
      ],
    }),
    policy("allow-prometheus-scrape-dcgm", {
      podSelector: prometheus,
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            { namespaceSelector: nsSelector(DCGM_EXPORTER_NAMESPACE), podSelector: pods(DCGM_EXPORTER_POD) },
          ],
          ports: tcp(SCRAPE_PORTS.dcgmExporter),
        },
      ],
    }),
    // In the namespace: Prometheus scrapes the stack's own pods and sends alerts to Alertmanager.
    policy("allow-prometheus-in-namespace", {
      podSelector: prometheus,
      policyTypes: ["Egress"],
      egress: [
        { to: [inNamespace(L.alertmanager)], ports: tcp(P.alertmanager, P.configReloader) },
        { to: [inNamespace(L.operator)], ports: tcp(P.operator) },
        { to: [inNamespace(L.kubeStateMetrics)], ports: tcp(P.kubeStateMetrics) },
        { to: [inNamespace(L.prometheus)], ports: tcp(P.prometheus, P.configReloader) },
        // The chart's ServiceMonitor for Grafana's own metrics.
        ...(n.grafana ? [{ to: [inNamespace(L.grafana)], ports: tcp(P.grafana) }] : []),
      ],
    }),
    policy("allow-ingress-prometheus", {
      podSelector: prometheus,
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [inNamespace(L.prometheus), ...(n.grafana ? [inNamespace(L.grafana)] : [])],
          ports: tcp(P.prometheus, P.configReloader),
        },
      ],
    }),
    policy("allow-ingress-alertmanager", {
      podSelector: alertmanager,
      policyTypes: ["Ingress"],
      ingress: [
        { from: [inNamespace(L.prometheus)], ports: tcp(P.alertmanager, P.configReloader) },
        // Replicas gossip (TCP and UDP) to deduplicate notifications.
        {
          from: [inNamespace(L.alertmanager)],
          ports: [
            { protocol: "TCP", port: P.alertmanagerCluster },
            { protocol: "UDP", port: P.alertmanagerCluster },
          ],
        },
      ],
    }),
    policy("allow-alertmanager-egress", {
      podSelector: alertmanager,
      policyTypes: ["Egress"],
      egress: [
        // SNS through its interface endpoint, which resolves to addresses in the VPC.
        { to: cidrs(n.vpcCidrs), ports: tcp(443) },
        // Credentials of its Pod Identity role, from the agent on the node's link-local address.
        { to: cidrs([POD_IDENTITY_AGENT.ipv4]), ports: tcp(POD_IDENTITY_AGENT.port) },
        {
          to: [inNamespace(L.alertmanager)],
          ports: [
            { protocol: "TCP", port: P.alertmanagerCluster },
            { protocol: "UDP", port: P.alertmanagerCluster },
          ],
        },
      ],
    }),
    policy("allow-ingress-operator", {
      podSelector: pods(L.operator),
      policyTypes: ["Ingress"],
      ingress: [{ from: [inNamespace(L.prometheus)], ports: tcp(P.operator) }],
    }),
    policy("allow-ingress-kube-state-metrics", {
      podSelector: pods(L.kubeStateMetrics),
      policyTypes: ["Ingress"],
      ingress: [{ from: [inNamespace(L.prometheus)], ports: tcp(P.kubeStateMetrics) }],
    }),
  ];
  if (n.grafana)
    out.push(
      policy("allow-ingress-grafana", {
        podSelector: pods(L.grafana),
        policyTypes: ["Ingress"],
        ingress: [
          // Operators, through an internal load balancer or ingress in the VPC.
          { from: cidrs(n.vpcCidrs), ports: tcp(P.grafana) },
          { from: [inNamespace(L.prometheus)], ports: tcp(P.grafana) },
        ],
      }),
      policy("allow-grafana-egress", {
        podSelector: pods(L.grafana),
        policyTypes: ["Egress"],
        egress: [
          { to: [inNamespace(L.prometheus)], ports: tcp(P.prometheus) },
          // The OIDC provider's token and user-info endpoints, outside the VPC; which hosts may be
          // reached there is the egress firewall's decision (its domain list).
          {
            to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [...new Set(n.vpcCidrs)] } }],
            ports: tcp(443),
          },
        ],
      }),
    );
  // Quarantine-ready: every allow excludes pods labelled for quarantine (components/shared/quarantine.ts).
  return withQuarantine(out);
}
