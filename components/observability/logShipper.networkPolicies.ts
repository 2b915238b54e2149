import {
  cidrs,
  KUBE_DNS_EGRESS,
  nsSelector,
  POD_IDENTITY_AGENT,
  tcp,
  withQuarantine,
  type NetworkPolicyObject,
} from "../shared/networkPolicy";
import { FLUENT_BIT_POD_LABELS, LOG_SHIPPER_NAMES } from "./logShipper.logic";

/**
 * The shipper namespace's NetworkPolicies, as plain objects: deny everything in and out, then allow only
 * what Fluent Bit does. Policies add up, so each allow opens exactly its flow.
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
 * Kubelet's probes need no rule: traffic from the pod's own node is always admitted
 * (https://github.com/aws/aws-network-policy-agent/pull/65).
 */

export interface ShipperNetworkInputs {
  readonly namespace: string;
  /** Every CIDR of the VPC: the Firehose interface endpoint's and the API server's ENIs are in them. */
  readonly vpcCidrs: readonly string[];
  readonly scraperNamespace: string;
}

export function shipperNetworkPolicies(n: ShipperNetworkInputs): NetworkPolicyObject[] {
  const ns = n.namespace;
  const pods = { matchLabels: { ...FLUENT_BIT_POD_LABELS } };
  const policy = (name: string, spec: NetworkPolicyObject["spec"]): NetworkPolicyObject => ({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace: ns },
    spec,
  });
  // Quarantine-ready: every allow excludes pods labelled for quarantine (components/shared/quarantine.ts).
  return withQuarantine([
    policy("default-deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
    // Prometheus scrapes /api/v2/metrics/prometheus on the HTTP server; nothing else comes in.
    policy("allow-metrics-from-scraper", {
      podSelector: pods,
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [{ namespaceSelector: nsSelector(n.scraperNamespace) }],
          ports: tcp(LOG_SHIPPER_NAMES.metricsPort),
        },
      ],
    }),
    // The Firehose interface endpoint (private DNS resolves firehose.<region>.amazonaws.com to its ENIs).
    policy("allow-egress-firehose-endpoint", {
      podSelector: pods,
      policyTypes: ["Egress"],
      egress: [{ to: cidrs(n.vpcCidrs), ports: tcp(443) }],
    }),
    // The kubernetes filter reads pod metadata from the API server: named as the `default` namespace
    // (the VPC CNI's agent matches the `kubernetes` Service's ClusterIP that way, before translation)
    // and as its ENIs in the VPC (engines that filter after translation).
    // https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors
    policy("allow-egress-api-server", {
      podSelector: pods,
      policyTypes: ["Egress"],
      egress: [{ to: [{ namespaceSelector: nsSelector("default") }, ...cidrs(n.vpcCidrs)], ports: tcp(443) }],
    }),
    policy("allow-egress-pod-identity-agent", {
      podSelector: pods,
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            { ipBlock: { cidr: POD_IDENTITY_AGENT.ipv4 } },
            { ipBlock: { cidr: POD_IDENTITY_AGENT.ipv6 } },
          ],
          ports: tcp(POD_IDENTITY_AGENT.port),
        },
      ],
    }),
    policy("allow-dns", {
      podSelector: pods,
      policyTypes: ["Egress"],
      egress: [KUBE_DNS_EGRESS],
    }),
  ]);
}
