import type * as k8s from "@pulumi/kubernetes";
import { type NetworkPolicyObject, withQuarantine } from "../shared/networkPolicy";
import { MESH_INJECTION_LABEL } from "../workloads/inferenceNamespace.logic";
import { MESH_NAMES } from "./serviceMesh.logic";
import { GATEWAY_SERVICE_PORTS } from "./serviceMesh.values";

/**
 * The NetworkPolicies of the mesh's own namespaces, as plain objects: in each, deny everything in and
 * out, then allow exactly the flows Istio needs there. Policies only add to each other, so every allow
 * below opens its flow and nothing else.
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
 *
 * NetworkPolicy ports are the pods' (container) ports, not the Services'. Kubelet probes need no rule:
 * traffic from the pod's own node is always admitted (the API's NetworkPolicySpec.ingress; the VPC CNI's
 * agent adds the node IP to every policy: https://github.com/aws/aws-network-policy-agent/pull/65).
 * Pods and ports are read from the charts at tag 1.30.3 of github.com/istio/istio
 * (manifests/charts/{istio-control/istio-discovery,gateway,istio-cni}/templates) and
 * https://istio.io/latest/docs/ops/deployment/application-requirements/#ports-used-by-istio
 */

/** istiod's container ports (istio-discovery/templates/deployment.yaml). */
export const ISTIOD_PORTS = {
  /** xDS and the CA over mTLS: every sidecar and gateway. */
  xds: 15012,
  /** The injection and validation webhooks (Service port 443 targets it): the API server. */
  webhook: 15017,
  /** Control-plane metrics: the scraper. */
  monitoring: 15014,
  /** Never opened: the debug interface (also the readiness probe, which kubelet reaches from the node). */
  debug: 8080,
  /** Never opened: plaintext xDS. */
  plaintextXds: 15010,
} as const;

/** pilot-agent's merged Prometheus metrics in the gateway pod. */
export const GATEWAY_METRICS_PORT = 15020;
/** The istio-cni-node agent's metrics port (istio-cni/templates/daemonset.yaml). */
export const CNI_METRICS_PORT = 15014;

/** Pod labels the charts set (deployment/daemonset templates at 1.30.3). */
const ISTIOD_POD = { app: "istiod" } as const;
const CNI_POD = { "k8s-app": "istio-cni-node" } as const;

export interface MeshNetworkInputs {
  /** Every CIDR of the VPC. */
  readonly vpcCidrs: readonly string[];
  /** The subnets holding the EKS control plane's network interfaces. */
  readonly controlPlaneCidrs: readonly string[];
  /** Model server pod ports the gateway forwards to. */
  readonly upstreamPorts: readonly number[];
  readonly scraperNamespace: string;
  /** istiod fetches the JWT issuer's keys (a RequestAuthentication exists). */
  readonly jwks: boolean;
}

type Spec = NetworkPolicyObject["spec"];
type Peer = k8s.types.input.networking.v1.NetworkPolicyPeer;

const nsSelector = (name: string) => ({ matchLabels: { "kubernetes.io/metadata.name": name } });
const tcp = (ports: readonly number[]) => [...new Set(ports)].map((port) => ({ protocol: "TCP", port }));
const cidrs = (list: readonly string[]): Peer[] => [...new Set(list)].map((cidr) => ({ ipBlock: { cidr } }));

/** kube-dns in kube-system, UDP and TCP 53. */
const DNS_EGRESS = {
  to: [
    { namespaceSelector: nsSelector("kube-system"), podSelector: { matchLabels: { "k8s-app": "kube-dns" } } },
  ],
  ports: [
    { protocol: "UDP", port: 53 },
    { protocol: "TCP", port: 53 },
  ],
};

/**
 * The API server, named both ways a policy engine may see it. The VPC CNI's agent filters on the pod's
 * veth, before kube-proxy translates the `kubernetes` Service's ClusterIP, and its controller admits a
 * Service's ClusterIP when the peer's pod selector matches the Service's selector: the selector-less
 * `default/kubernetes` Service is matched by a peer that names the namespace with no pod selector
 * (github.com/aws/amazon-network-policy-controller-k8s pkg/resolvers/endpoints.go,
 * getMatchingServiceClusterIPs; the maintainers' advice in aws/aws-network-policy-agent#549). Engines
 * that filter after the translation see the control plane's interfaces, in the cluster's subnets
 * (https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html#network-requirements-subnets).
 * Kubernetes leaves which one applies to the implementation:
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors
 */
const apiServerEgress = (controlPlaneCidrs: readonly string[]) => ({
  to: [{ namespaceSelector: nsSelector("default") }, ...cidrs(controlPlaneCidrs)],
  ports: tcp([443]),
});

function policy(namespace: string, name: string, spec: Spec): NetworkPolicyObject {
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace }, spec };
}

const denyAll = (namespace: string) =>
  policy(namespace, "default-deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });

/**
 * istio-system: xDS/CA from any namespace (every sidecar and the gateway authenticate there with mTLS or
 * a service-account token), the webhook from the control plane's subnets, metrics from the scraper;
 * 8080 (debug) and 15010 (plaintext xDS) stay closed. Out: the API server (istiod watches everything),
 * DNS and, with a JWT issuer, HTTPS outside the VPC: istiod fetches the JWKS and hands the keys to the
 * proxies (https://istio.io/latest/docs/reference/config/security/request_authentication/); where it
 * may go outside is the VPC's decision (the egress firewall's domain list).
 */
function controlPlanePolicies(ns: string, n: MeshNetworkInputs): NetworkPolicyObject[] {
  const istiod = { matchLabels: { ...ISTIOD_POD } };
  return [
    denyAll(ns),
    policy(ns, "allow-xds-from-mesh", {
      podSelector: istiod,
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: {} }], ports: tcp([ISTIOD_PORTS.xds]) }],
    }),
    policy(ns, "allow-webhook-from-control-plane", {
      podSelector: istiod,
      policyTypes: ["Ingress"],
      ingress: [{ from: cidrs(n.controlPlaneCidrs), ports: tcp([ISTIOD_PORTS.webhook]) }],
    }),
    policy(ns, "allow-metrics-from-scraper", {
      podSelector: istiod,
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [{ namespaceSelector: nsSelector(n.scraperNamespace) }],
          ports: tcp([ISTIOD_PORTS.monitoring]),
        },
      ],
    }),
    policy(ns, "allow-egress-api-server", {
      podSelector: istiod,
      policyTypes: ["Egress"],
      egress: [apiServerEgress(n.controlPlaneCidrs)],
    }),
    policy(ns, "allow-dns", { podSelector: istiod, policyTypes: ["Egress"], egress: [DNS_EGRESS] }),
    ...(n.jwks
      ? [
          policy(ns, "allow-egress-jwks-outside-vpc", {
            podSelector: istiod,
            policyTypes: ["Egress"],
            egress: [
              {
                to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [...new Set(n.vpcCidrs)] } }],
                ports: tcp([443]),
              },
            ],
          }),
        ]
      : []),
  ];
}

/**
 * istio-ingress: the load balancer's traffic on the pod ports behind the NodePort Service (HTTPS and the
 * status port its health check reads). With `externalTrafficPolicy: Local` the node does not rewrite the
 * source, so the peer is the load balancer's address in the VPC
 * (https://kubernetes.io/docs/tasks/access-application-cluster/create-external-load-balancer/#preserving-the-client-source-ip).
 * Metrics from the scraper. Out: istiod's xDS/CA, DNS, and the model servers' ports in meshed namespaces.
 */
function gatewayPolicies(ns: string, n: MeshNetworkInputs): NetworkPolicyObject[] {
  const gateway = { matchLabels: { ...MESH_NAMES.gatewaySelector } };
  return [
    denyAll(ns),
    policy(ns, "allow-load-balancer", {
      podSelector: gateway,
      policyTypes: ["Ingress"],
      ingress: [{ from: cidrs(n.vpcCidrs), ports: tcp(GATEWAY_SERVICE_PORTS.map((p) => p.targetPort)) }],
    }),
    policy(ns, "allow-metrics-from-scraper", {
      podSelector: gateway,
      policyTypes: ["Ingress"],
      ingress: [
        { from: [{ namespaceSelector: nsSelector(n.scraperNamespace) }], ports: tcp([GATEWAY_METRICS_PORT]) },
      ],
    }),
    policy(ns, "allow-egress-istiod", {
      podSelector: gateway,
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            {
              namespaceSelector: nsSelector(MESH_NAMES.controlPlaneNamespace),
              podSelector: { matchLabels: { ...ISTIOD_POD } },
            },
          ],
          ports: tcp([ISTIOD_PORTS.xds]),
        },
      ],
    }),
    policy(ns, "allow-dns", { podSelector: gateway, policyTypes: ["Egress"], egress: [DNS_EGRESS] }),
    ...(n.upstreamPorts.length > 0
      ? [
          policy(ns, "allow-egress-model-servers", {
            podSelector: gateway,
            policyTypes: ["Egress"],
            egress: [
              {
                to: [{ namespaceSelector: { matchLabels: { [MESH_INJECTION_LABEL]: "enabled" } } }],
                ports: tcp(n.upstreamPorts),
              },
            ],
          }),
        ]
      : []),
  ];
}

/**
 * istio-cni: the istio-cni-node agent runs on the pod network in sidecar mode (the chart sets
 * `hostNetwork` only with ambient's shareHostNetworkNamespace), so these policies do apply to it. The
 * CNI plugin itself runs in the host's namespace, called by the container runtime: no policy reaches it.
 * The agent watches pods through the API server (repair), found by the Service IP in its environment, so
 * no DNS; metrics to the scraper.
 */
function cniPolicies(ns: string, n: MeshNetworkInputs): NetworkPolicyObject[] {
  const agent = { matchLabels: { ...CNI_POD } };
  return [
    denyAll(ns),
    policy(ns, "allow-metrics-from-scraper", {
      podSelector: agent,
      policyTypes: ["Ingress"],
      ingress: [
        { from: [{ namespaceSelector: nsSelector(n.scraperNamespace) }], ports: tcp([CNI_METRICS_PORT]) },
      ],
    }),
    policy(ns, "allow-egress-api-server", {
      podSelector: agent,
      policyTypes: ["Egress"],
      egress: [apiServerEgress(n.controlPlaneCidrs)],
    }),
  ];
}

/** Every NetworkPolicy of the mesh's namespaces; each object names its namespace. */
export function meshNamespacePolicies(n: MeshNetworkInputs): NetworkPolicyObject[] {
  // Quarantine-ready: every allow excludes pods labelled for quarantine (components/shared/quarantine.ts).
  return withQuarantine([
    ...controlPlanePolicies(MESH_NAMES.controlPlaneNamespace, n),
    ...gatewayPolicies(MESH_NAMES.gatewayNamespace, n),
    ...cniPolicies(MESH_NAMES.cniNamespace, n),
  ]);
}
