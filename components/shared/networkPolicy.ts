import type * as k8s from "@pulumi/kubernetes";
import { NOT_QUARANTINED, QUARANTINE_LABEL, QUARANTINE_VALUE } from "./quarantine";

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

/** A NetworkPolicy as plain data: what every builder of ours returns and what the component applies. */
export interface NetworkPolicyObject {
  readonly apiVersion: "networking.k8s.io/v1";
  readonly kind: "NetworkPolicy";
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: k8s.types.input.networking.v1.NetworkPolicySpec;
}

/** The name of each namespace's deny-all policy for quarantined pods. */
export const QUARANTINE_POLICY_NAME = "quarantine";

type PlainSelector = {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
};

/** Whether a policy allows anything (has an ingress or egress rule): a deny-only policy has none. */
export function allowsSomething(spec: NetworkPolicyObject["spec"]): boolean {
  const has = (rules: unknown) => Array.isArray(rules) && rules.length > 0;
  return has(spec.ingress) || has(spec.egress);
}

/**
 * The selector with the NOT_QUARANTINED requirement added (once): `{}` becomes `{ matchExpressions:
 * [NOT_QUARANTINED] }`. Our builders write selectors as plain data; an Output selector cannot be
 * extended here and is refused rather than silently left open to quarantined pods.
 */
export function excludeQuarantined(selector: unknown): PlainSelector {
  if (selector === undefined || selector === null) return { matchExpressions: [{ ...NOT_QUARANTINED }] };
  if (typeof selector !== "object" || Array.isArray(selector) || "apply" in selector)
    throw new Error("excludeQuarantined: the podSelector must be plain data (not an Output)");
  const s = selector as PlainSelector;
  const exprs = s.matchExpressions ?? [];
  if (exprs.some((e) => e.key === QUARANTINE_LABEL && e.operator === "DoesNotExist")) return s;
  return { ...s, matchExpressions: [...exprs, { ...NOT_QUARANTINED }] };
}

/**
 * Deny all ingress and egress for the pods labelled `rampart.io/quarantine=true` in `namespace`: no
 * rules, both policy types. On its own it would only add isolation; what makes it effective is that
 * every allow of the namespace excludes those pods (`withQuarantine`).
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-ingress-and-all-egress-traffic
 */
export function quarantinePolicy(namespace: string): NetworkPolicyObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: QUARANTINE_POLICY_NAME, namespace },
    spec: {
      podSelector: { matchLabels: { [QUARANTINE_LABEL]: QUARANTINE_VALUE } },
      policyTypes: ["Ingress", "Egress"],
    },
  };
}

/**
 * A set of NetworkPolicies made ready for quarantine: every policy that allows something selects only
 * pods without the quarantine label, and each namespace the set covers gets its `quarantine` deny-all.
 * Policies only add allowances, so a deny-all alone would not isolate a pod another policy admits; a
 * pod whose every allow excludes it has no flow left (connections need both the client's egress and
 * the target's ingress). Deny-only policies (default-deny-all) keep selecting every pod.
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#set-based-requirement (DoesNotExist)
 */
export function withQuarantine(policies: readonly NetworkPolicyObject[]): NetworkPolicyObject[] {
  const out = policies.map((p) =>
    allowsSomething(p.spec)
      ? { ...p, spec: { ...p.spec, podSelector: excludeQuarantined(p.spec.podSelector) } }
      : p,
  );
  const namespaces = [...new Set(policies.map((p) => p.metadata.namespace))];
  for (const ns of namespaces)
    if (!policies.some((p) => p.metadata.namespace === ns && p.metadata.name === QUARANTINE_POLICY_NAME))
      out.push(quarantinePolicy(ns));
  return out;
}
