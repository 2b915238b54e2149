/**
 * The vocabulary of the in-cluster reachability evaluator: what it is asked (a request from a client
 * workload to a target workload, whose JSON form cli/verify/CLUSTER.md documents) and what it answers
 * (a verdict per layer — Kubernetes NetworkPolicy, Istio PeerAuthentication, Istio AuthorizationPolicy —
 * naming the object that decided).
 */

/** The workload that sends the request. */
export interface ClusterClient {
  /** The client's namespace (for an `ip` client, a name for the report only). */
  readonly namespace: string;
  /**
   * An IPv4 address outside the pod network (the API server's interface calling a webhook, a node):
   * NetworkPolicy peers match it by `ipBlock` only, no egress policy applies to it, and it has no
   * sidecar. @default a pod
   */
  readonly ip?: string;
  /** @default "default" */
  readonly serviceAccount?: string;
  /** The client pod's labels. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Whether the client runs an Istio sidecar (so it speaks mTLS and has a SPIFFE identity). @default true */
  readonly sidecar?: boolean;
  /**
   * Whether the request carries a JWT the target's RequestAuthentication accepts (the request principal is
   * then `<issuer>/<subject>`). @default false
   */
  readonly jwt?: boolean;
  /** The token's `sub` claim when `jwt` is true. @default "user" */
  readonly subject?: string;
}

/** The pod the request is for, and the request itself. */
export interface ClusterTarget {
  readonly namespace: string;
  /** The target pod's labels (e.g. `{app: "llm"}`). */
  readonly labels: Readonly<Record<string, string>>;
  /** The container port the request reaches (Istio and NetworkPolicy both see the pod's port). */
  readonly port: number;
  /** HTTP method. @default "GET" */
  readonly method?: string;
  /** HTTP path. @default "/" */
  readonly path?: string;
  /** HTTP Host (only read when a policy matches on hosts). */
  readonly host?: string;
}

export interface ClusterCase {
  readonly id: string;
  readonly description?: string;
  readonly from: ClusterClient;
  readonly to: ClusterTarget;
  readonly expect: "allow" | "deny";
  /** The document the expectation comes from (required for `expect: allow`). */
  readonly cite?: string;
}

export type ClusterDecision = "allow" | "deny" | "undecidable";

export type ClusterLayerName = "networkPolicy" | "peerAuthentication" | "authorizationPolicy";

/** One layer's answer, with the objects (`<namespace>/<name>`) that decided it. */
export interface LayerResult {
  readonly layer: ClusterLayerName;
  readonly decision: ClusterDecision;
  /** In words: `ingress allowed by inference/allow-gateway rule 0`, `STRICT by istio-system/default`. */
  readonly reason: string;
}

export interface ClusterVerdict {
  readonly id: string;
  readonly description?: string;
  readonly expect: "allow" | "deny";
  readonly cite?: string;
  /** deny: some layer refuses; allow: every layer admits; undecidable otherwise. */
  readonly verdict: ClusterDecision;
  /** `verdict === expect`; undecidable never passes. */
  readonly pass: boolean;
  /** One line: the layer that decided against the expectation (or the deciding layer). */
  readonly reason: string;
  readonly layers: readonly LayerResult[];
  /** What was skipped or assumed (a CUSTOM policy, a namespace not in the export). */
  readonly notes: readonly string[];
}

/** Three-valued logic: `undefined` is "cannot tell from the export". */
export type Tri = boolean | undefined;
