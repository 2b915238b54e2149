import { DEFAULT_MODEL_PORT, MESH_GATEWAY_NODE_PORTS } from "../shared/ports";
import type { Tier } from "./subnetPlan";

/**
 * Pure logic for `SegmentedVpc`, part one: who may talk to whom. One flow table drives both the
 * network ACLs (stateless, per subnet tier) and the security groups (stateful, per interface).
 */

/** How private tiers reach outside the VPC (see SegmentedVpcArgs.egress). */
export const EGRESS_MODES = ["endpoints-only", "firewall"] as const;
export type EgressMode = (typeof EGRESS_MODES)[number];

/** Tiers that hold workloads (every tier but the firewall's own). */
export const WORKLOAD_TIERS = ["ingress", "inference", "management", "data", "logging"] as const;
export type WorkloadTier = (typeof WORKLOAD_TIERS)[number];
/** Tiers with no route to an internet gateway, ever. */
export const PRIVATE_TIERS = ["inference", "management", "data", "logging"] as const;
/**
 * Tiers whose nodes pull images (ECR layers live in S3) and model weights: they get the S3 gateway
 * endpoint route and, when egress mode is `firewall`, a default route through the firewall. `data` and
 * `logging` hold managed services and never get a default route.
 */
export const EGRESS_TIERS = ["inference", "management"] as const;
/** Where the interface endpoints' network interfaces live (the system tier every other tier may reach). */
export const ENDPOINT_TIER = "management" satisfies Tier;
/** Where the EKS API server's network interfaces live: what operators' networks may reach, on 443. */
export const OPERATOR_TIER = "management" satisfies WorkloadTier;
/**
 * Where the SIEM's OpenSearch domain lives: operators' networks reach its Dashboards on 443 too (the
 * domain's own security group admits only the SIEM's `dashboardCidrs` among them).
 */
export const DASHBOARD_TIER = "logging" satisfies WorkloadTier;
/** The tiers operators' networks reach on 443 (their NACLs admit them, their route tables answer them). */
export const OPERATOR_TIERS: readonly WorkloadTier[] = [OPERATOR_TIER, DASHBOARD_TIER];

/**
 * Return traffic of a TCP/UDP connection lands on an ephemeral port of the client, from the client's
 * own range. Clients we do not run (internet hosts, load balancers, NAT gateways, managed services in
 * the data and logging tiers) may use any port from 1024 up.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html
 */
export const EPHEMERAL: readonly [number, number] = [1024, 65535];
/**
 * The Linux default `net.ipv4.ip_local_port_range`, which the EKS node AMIs (Amazon Linux 2023,
 * Bottlerocket) and pods keep: the ephemeral range of every client on our nodes (inference and
 * management tiers), so replies to them need no wider ACL opening.
 * @see https://www.kernel.org/doc/html/latest/networking/ip-sysctl.html (ip_local_port_range)
 */
export const LINUX_EPHEMERAL: readonly [number, number] = [32768, 60999];
/** Tiers whose clients are our EKS nodes and their pods. */
export const NODE_TIERS = ["inference", "management"] as const;

/** The ephemeral ports replies to a client in `peer` land on. */
export function clientEphemeral(peer: Peer): readonly [number, number] {
  return (NODE_TIERS as readonly string[]).includes(peer) ? LINUX_EPHEMERAL : EPHEMERAL;
}

/**
 * Ports on which pods talk to pods across nodes of one tier. Pods in restricted namespaces run without
 * root or NET_BIND_SERVICE and cannot listen below 1024, so nothing below 1025 is opened between nodes
 * (in particular not SSH, 22). @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export const POD_PORTS: readonly [number, number] = [1025, 65535];

export type Peer = Tier | "internet";
export interface Flow {
  readonly name: string;
  readonly from: Peer;
  readonly to: Peer;
  readonly protocol: "tcp" | "udp" | "all";
  readonly ports: readonly [number, number];
  /** Which controls this flow opens: the subnet ACLs, the security groups, or both. */
  readonly layers: readonly ("nacl" | "sg")[];
  readonly why: string;
}

const both = ["nacl", "sg"] as const;

/**
 * The tier matrix with the default model-server ports (`tierFlows()`). Everything not listed is
 * denied: by the ACLs' final `*` rule and by the security groups' implicit deny.
 */
export const TIER_FLOWS: readonly Flow[] = tierFlows();

/**
 * The tier matrix for a VPC whose model servers listen on `meshServicePorts`
 * (`SegmentedVpcArgs.meshServicePorts`): one list drives the ACLs, the security groups and the
 * firewall's internal pass rules, so the three cannot disagree.
 *
 * Load balancers in the ingress tier reach only the mesh ingress gateway's node ports on the system
 * nodes (management tier); the gateway, not the load balancer, forwards to model servers in the
 * inference tier, on their ports only.
 */
export function tierFlows(meshServicePorts: readonly number[] = [DEFAULT_MODEL_PORT]): Flow[] {
  return [
    f("public-https", "internet", "ingress", "tcp", 443, both, "clients reach the public load balancers"),
    f(
      "public-http",
      "internet",
      "ingress",
      "tcp",
      80,
      both,
      "clients reach the load balancers' HTTP listener, which only redirects to HTTPS",
    ),
    f(
      "lb-to-gateway",
      "ingress",
      "management",
      "tcp",
      MESH_GATEWAY_NODE_PORTS.https,
      both,
      "load balancers forward to the mesh ingress gateway's HTTPS node port on system nodes",
    ),
    f(
      "lb-to-gateway-health",
      "ingress",
      "management",
      "tcp",
      MESH_GATEWAY_NODE_PORTS.status,
      both,
      "load balancers health-check the mesh ingress gateway's status node port",
    ),
    ...meshServicePorts.map((port) =>
      f(
        `gateway-to-model-${port}`,
        "management",
        "inference",
        "tcp",
        port,
        both,
        "the mesh ingress gateway forwards to model servers",
      ),
    ),
    f("cluster-api", "inference", "management", "tcp", 443, both, "kubelets and pods reach the API server"),
    f("dns-udp", "inference", "management", "udp", 53, both, "pods resolve through CoreDNS on system nodes"),
    f("dns-tcp", "inference", "management", "tcp", 53, both, "DNS over TCP for large answers"),
    f(
      "mesh-xds",
      "inference",
      "management",
      "tcp",
      15012,
      both,
      "sidecars fetch config and certificates from istiod",
    ),
    f(
      "kubelet",
      "management",
      "inference",
      "tcp",
      10250,
      both,
      "control plane and metrics-server reach kubelets",
    ),
    f("webhooks", "management", "inference", "tcp", 443, both, "control plane calls admission webhooks"),
    f("gpu-metrics", "management", "inference", "tcp", 9400, both, "Prometheus scrapes the DCGM exporter"),
    f(
      "mesh-metrics",
      "management",
      "inference",
      "tcp",
      15020,
      both,
      "Prometheus scrapes Istio's merged metrics",
    ),
    f(
      "inference-to-data-https",
      "inference",
      "data",
      "tcp",
      443,
      both,
      "vector search (OpenSearch) over TLS",
    ),
    f(
      "inference-to-cache",
      "inference",
      "data",
      "tcp",
      6379,
      both,
      "cache (ElastiCache with in-transit TLS)",
    ),
    f(
      "management-to-data-https",
      "management",
      "data",
      "tcp",
      443,
      both,
      "administration of the vector store",
    ),
    f("management-to-cache", "management", "data", "tcp", 6379, both, "administration of the cache"),
    f("inference-logs", "inference", "logging", "tcp", 443, both, "log shipping to the in-VPC SIEM"),
    f("management-logs", "management", "logging", "tcp", 443, both, "log shipping to the in-VPC SIEM"),
    f("data-logs", "data", "logging", "tcp", 443, both, "log shipping to the in-VPC SIEM"),
    f("data-endpoints", "data", "management", "tcp", 443, ["nacl"], "AWS APIs via interface endpoints"),
    f("logging-endpoints", "logging", "management", "tcp", 443, ["nacl"], "AWS APIs via interface endpoints"),
    f(
      "logging-internal",
      "logging",
      "logging",
      "tcp",
      443,
      ["nacl"],
      "Firehose's and the bootstrap's interfaces reach the OpenSearch nodes in every zone (the domain's group decides who)",
    ),
    f("inference-internal", "inference", "inference", "tcp", POD_PORTS, both, "pod-to-pod across nodes"),
    f("management-internal", "management", "management", "tcp", POD_PORTS, both, "system pods across nodes"),
    f(
      "management-api",
      "management",
      "management",
      "tcp",
      443,
      both,
      "system nodes reach the API server; the control plane calls webhooks on system nodes",
    ),
    f(
      "management-dns-udp",
      "management",
      "management",
      "udp",
      53,
      both,
      "system pods resolve through CoreDNS",
    ),
    f("management-dns-tcp", "management", "management", "tcp", 53, both, "DNS over TCP for large answers"),
    f(
      "inference-out",
      "inference",
      "internet",
      "tcp",
      443,
      both,
      "S3 gateway endpoint; allow-listed HTTPS via the firewall",
    ),
    f(
      "management-out",
      "management",
      "internet",
      "tcp",
      443,
      both,
      "S3 gateway endpoint (ECR layers); firewall",
    ),
  ];
}

function f(
  name: string,
  from: Peer,
  to: Peer,
  protocol: Flow["protocol"],
  ports: number | readonly [number, number],
  layers: readonly ("nacl" | "sg")[],
  why: string,
): Flow {
  return { name, from, to, protocol, ports: typeof ports === "number" ? [ports, ports] : ports, layers, why };
}

export const ANYWHERE = "0.0.0.0/0";
export const proto = (p: Flow["protocol"]) => (p === "all" ? "-1" : p);

// ---------------------------------------------------------------------------------------------------
// Security groups (the network ACLs are in segmentedVpc.nacl.ts)

export type SgPeer =
  | { readonly kind: "tier"; readonly tier: WorkloadTier }
  | { readonly kind: "cidr"; readonly cidr: string }
  | { readonly kind: "s3-prefix-list" }
  | { readonly kind: "endpoints" };

export interface SgRule {
  /** The tier whose group holds the rule. */
  readonly tier: WorkloadTier;
  readonly direction: "ingress" | "egress";
  /** "tcp", "udp" or "-1". */
  readonly ipProtocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly peer: SgPeer;
  readonly description: string;
  /** Stable kebab-case role for the rule resource's name. */
  readonly role: string;
}

const isWorkloadTier = (p: Peer): p is WorkloadTier => (WORKLOAD_TIERS as readonly string[]).includes(p);

/**
 * One group per workload tier. Each flow becomes an egress rule on the client's group naming the
 * server's group, and an ingress rule on the server's group naming the client's (security groups are
 * stateful: replies need no rule). Flows to the internet go to the S3 prefix list, or anywhere on 443
 * when the firewall filters egress; every private tier may reach the interface endpoints on 443.
 */
export function sgRules(
  mode: EgressMode,
  flows: readonly Flow[] = TIER_FLOWS,
  operatorCidrs: readonly string[] = [],
): SgRule[] {
  const rules: SgRule[] = [];
  operatorCidrs.forEach((cidr, i) =>
    rules.push({
      tier: OPERATOR_TIER,
      direction: "ingress",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      peer: { kind: "cidr", cidr },
      description: `operator network ${cidr} reaches the API server`,
      role: `operator-${i}-in`,
    }),
  );
  for (const flow of flows.filter((fl) => fl.layers.includes("sg"))) {
    const all = flow.protocol === "all";
    const ports = all ? {} : { fromPort: flow.ports[0], toPort: flow.ports[1] };
    const ipProtocol = proto(flow.protocol);
    if (isWorkloadTier(flow.from)) {
      const peer: SgPeer =
        flow.to === "internet"
          ? mode === "firewall"
            ? { kind: "cidr", cidr: ANYWHERE }
            : { kind: "s3-prefix-list" }
          : isWorkloadTier(flow.to)
            ? { kind: "tier", tier: flow.to }
            : { kind: "cidr", cidr: ANYWHERE };
      rules.push({
        tier: flow.from,
        direction: "egress",
        ipProtocol,
        ...ports,
        peer,
        description: flow.why,
        role: `${flow.name}-out`,
      });
    }
    if (isWorkloadTier(flow.to)) {
      const peer: SgPeer =
        flow.from === "internet"
          ? { kind: "cidr", cidr: ANYWHERE }
          : { kind: "tier", tier: flow.from as WorkloadTier };
      rules.push({
        tier: flow.to,
        direction: "ingress",
        ipProtocol,
        ...ports,
        peer,
        description: flow.why,
        role: `${flow.name}-in`,
      });
    }
  }
  for (const tier of PRIVATE_TIERS) {
    rules.push({
      tier,
      direction: "egress",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      peer: { kind: "endpoints" },
      description: "AWS APIs through the interface endpoints",
      role: "endpoints-out",
    });
  }
  return rules;
}
