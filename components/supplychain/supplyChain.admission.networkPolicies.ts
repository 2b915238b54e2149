import {
  cidrs,
  KUBE_DNS_EGRESS,
  nsSelector,
  POD_IDENTITY_AGENT,
  tcp,
  withQuarantine,
} from "../shared/networkPolicy";
import type { NetworkPolicyObject } from "../workloads/inferenceNamespace.logic";
import { KYVERNO_PORTS } from "./supplyChain.admission.logic";

/**
 * Kyverno's namespace: deny everything in and out, then allow only the admission controller's flows.
 * Policies add up, so each allow opens exactly its flow. NetworkPolicy ports are the pods' (container)
 * ports: the API server calls the webhook Service's 443, which reaches the pods on 9443.
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
 * Kubelet probes from the pod's own node are admitted anyway
 * (https://github.com/aws/aws-network-policy-agent/pull/65).
 */

export interface KyvernoNetworkInputs {
  readonly namespace: string;
  /** The API server's ENI CIDRs: the only callers of the webhook, and what Kyverno watches. */
  readonly controlPlaneCidrs: readonly string[];
  /** The VPC's CIDRs: the ECR (api, dkr) and STS interface endpoints live in them. */
  readonly vpcCidrs: readonly string[];
}

function policy(namespace: string, name: string, spec: NetworkPolicyObject["spec"]): NetworkPolicyObject {
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace }, spec };
}

/** Every pod of the release (admission controller, and the hooks Helm runs on upgrade and delete). */
const ALL_PODS = { matchLabels: { "app.kubernetes.io/instance": "kyverno" } };

export function kyvernoNetworkPolicies(n: KyvernoNetworkInputs): NetworkPolicyObject[] {
  const ns = n.namespace;
  // Quarantined pods (docs/runbooks/) match no allow, and a deny-all selects them.
  return withQuarantine([
    policy(ns, "default-deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
    // The admission webhook, from the API server only (its ENIs in the cluster's subnets).
    // https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/
    policy(ns, "allow-webhook-from-api-server", {
      podSelector: { matchLabels: { "app.kubernetes.io/component": "admission-controller" } },
      policyTypes: ["Ingress"],
      ingress: [{ from: cidrs(n.controlPlaneCidrs), ports: tcp(KYVERNO_PORTS.webhook) }],
    }),
    policy(ns, "allow-dns", { podSelector: ALL_PODS, policyTypes: ["Egress"], egress: [KUBE_DNS_EGRESS] }),
    // The API server (watches, leases, webhook configuration, the CRD migration hook), seen as the
    // `default/kubernetes` Service or, after translation, the control plane's ENIs.
    policy(ns, "allow-egress-api-server", {
      podSelector: ALL_PODS,
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ namespaceSelector: nsSelector("default") }, ...cidrs(n.controlPlaneCidrs)],
          ports: tcp(443),
        },
      ],
    }),
    // HTTPS inside the VPC: ECR's api and dkr interface endpoints (the token, manifests and signatures)
    // and STS, whose private DNS names resolve to endpoint ENIs.
    // https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
    policy(ns, "allow-egress-endpoints-in-vpc", {
      podSelector: { matchLabels: { "app.kubernetes.io/component": "admission-controller" } },
      policyTypes: ["Egress"],
      egress: [{ to: cidrs(n.vpcCidrs), ports: tcp(443) }],
    }),
    // Signature layers are blobs ECR serves from S3 (a redirect to an S3 URL), reached through the S3
    // gateway endpoint, whose addresses are S3's public ranges: HTTPS outside the VPC. Where that may lead
    // is the VPC's decision (the gateway endpoint's routes; the egress firewall's domain list).
    // https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html#ecr-setting-up-s3-gateway
    policy(ns, "allow-egress-s3-outside-vpc", {
      podSelector: { matchLabels: { "app.kubernetes.io/component": "admission-controller" } },
      policyTypes: ["Egress"],
      egress: [
        { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [...new Set(n.vpcCidrs)] } }], ports: tcp(443) },
      ],
    }),
    // EKS Pod Identity: the ECR credential helper fetches the role's credentials from the node's agent.
    // https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html
    policy(ns, "allow-egress-pod-identity-agent", {
      podSelector: { matchLabels: { "app.kubernetes.io/component": "admission-controller" } },
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
