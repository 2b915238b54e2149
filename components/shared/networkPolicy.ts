import type * as k8s from "@pulumi/kubernetes";

/**
 * The pieces every NetworkPolicy builder of ours uses (the log shipper's, the monitoring stack's,
 * Vault's): namespace and CIDR peers, TCP port lists, DNS to kube-dns, and the EKS Pod Identity Agent.
 */

type Peer = k8s.types.input.networking.v1.NetworkPolicyPeer;
type Egress = k8s.types.input.networking.v1.NetworkPolicyEgressRule;

/** A namespace by the label Kubernetes sets on every namespace. */
export const nsSelector = (name: string) => ({ matchLabels: { "kubernetes.io/metadata.name": name } });

/** TCP ports, each once. */
export const tcp = (...ports: number[]) => [...new Set(ports)].map((port) => ({ protocol: "TCP", port }));

/** CIDR peers, each once. */
export const cidrs = (list: readonly string[]): Peer[] =>
  [...new Set(list)].map((cidr) => ({ ipBlock: { cidr } }));

/** kube-dns in kube-system, UDP and TCP 53. */
export const KUBE_DNS_EGRESS: Egress = {
  to: [
    { namespaceSelector: nsSelector("kube-system"), podSelector: { matchLabels: { "k8s-app": "kube-dns" } } },
  ],
  ports: [
    { protocol: "UDP", port: 53 },
    { protocol: "TCP", port: 53 },
  ],
};

/**
 * The EKS Pod Identity Agent, a host-network DaemonSet answering on link-local addresses of every node;
 * the SDK inside the pod fetches its credentials there over HTTP.
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html
 */
export const POD_IDENTITY_AGENT = { ipv4: "169.254.170.23/32", ipv6: "fd00:ec2::23/128", port: 80 } as const;
