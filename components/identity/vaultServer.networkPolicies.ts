import {
  cidrs,
  KUBE_DNS_EGRESS,
  nsSelector,
  POD_IDENTITY_AGENT,
  tcp,
  withQuarantine,
  type NetworkPolicyObject,
} from "../shared/networkPolicy";
import { VAULT_POD_LABELS, VAULT_PORTS } from "./vaultServer.logic";

/**
 * The Vault namespace's NetworkPolicies, as plain objects: deny everything in and out, then allow only
 * Vault's own flows. Policies add up, so each allow opens exactly its flow.
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
 * NetworkPolicy ports are the pods' (container) ports. The readiness probe is an exec (`vault status`
 * inside the container), and kubelet traffic from the pod's own node is admitted anyway
 * (https://github.com/aws/aws-network-policy-agent/pull/65).
 */

export interface VaultNetworkInputs {
  readonly namespace: string;
  /**
   * Every CIDR of the VPC: the EKS control plane's ENIs (the API server proxying to Vault, and Vault's
   * calls to it), the KMS interface endpoint, and the in-VPC runner whose `pulumi up` configures Vault.
   */
  readonly vpcCidrs: readonly string[];
  /** Namespaces whose pods call Vault's API. */
  readonly clientNamespaces: readonly string[];
}

export function vaultNetworkPolicies(n: VaultNetworkInputs): NetworkPolicyObject[] {
  const ns = n.namespace;
  const vault = { matchLabels: { ...VAULT_POD_LABELS } };
  const policy = (name: string, spec: NetworkPolicyObject["spec"]): NetworkPolicyObject => ({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace: ns },
    spec,
  });
  const clients = [...new Set(n.clientNamespaces)];
  // Quarantine-ready: every allow excludes pods labelled for quarantine (components/shared/quarantine.ts).
  return withQuarantine([
    policy("default-deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
    // Raft (8201) and the API (8200: retry_join's first call, request forwarding's redirects) between peers.
    policy("allow-peers", {
      podSelector: vault,
      policyTypes: ["Ingress", "Egress"],
      ingress: [{ from: [{ podSelector: vault }], ports: tcp(VAULT_PORTS.api, VAULT_PORTS.cluster) }],
      egress: [{ to: [{ podSelector: vault }], ports: tcp(VAULT_PORTS.api, VAULT_PORTS.cluster) }],
    }),
    // The API from the client namespaces' pods only (never the cluster port).
    ...(clients.length > 0
      ? [
          policy("allow-api-from-clients", {
            podSelector: vault,
            policyTypes: ["Ingress"],
            ingress: [
              {
                from: clients.map((c) => ({ namespaceSelector: nsSelector(c) })),
                ports: tcp(VAULT_PORTS.api),
              },
            ],
          }),
        ]
      : []),
    // The API from the VPC: the API server (service proxy) and the in-VPC runner configuring Vault.
    policy("allow-api-from-vpc", {
      podSelector: vault,
      policyTypes: ["Ingress"],
      ingress: [{ from: cidrs(n.vpcCidrs), ports: tcp(VAULT_PORTS.api) }],
    }),
    policy("allow-dns", {
      podSelector: vault,
      policyTypes: ["Egress"],
      egress: [KUBE_DNS_EGRESS],
    }),
    // HTTPS inside the VPC: the KMS interface endpoint (private DNS resolves kms.<region>.amazonaws.com to
    // its ENIs) and the API server (TokenReview for the Kubernetes auth method, service registration),
    // which a policy engine may see as the `default/kubernetes` Service: named by its namespace.
    // https://docs.aws.amazon.com/kms/latest/developerguide/kms-vpc-endpoint.html
    policy("allow-egress-https-in-vpc", {
      podSelector: vault,
      policyTypes: ["Egress"],
      egress: [{ to: [{ namespaceSelector: nsSelector("default") }, ...cidrs(n.vpcCidrs)], ports: tcp(443) }],
    }),
    // EKS Pod Identity: the SDK fetches the unseal role's credentials from the node's agent.
    // https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html
    policy("allow-egress-pod-identity-agent", {
      podSelector: vault,
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
  ]);
}
