/**
 * The vocabulary of the reachability evaluator: what it reads (export resources), what it is asked (flow
 * cases, whose JSON form cli/verify/FLOWS.md documents) and what it answers (verdicts naming, per hop, the
 * route, NACL rule or security-group rule that decided).
 */
import type { PortRange } from "./ip";

/** The fields of a `pulumi stack export` resource the evaluator reads (cli/check/exportDoc's StateResource fits). */
export interface ExportResource {
  readonly urn: string;
  readonly type: string;
  readonly id?: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
}

export type Protocol = "tcp" | "udp";

/** Names a subnet: its id, its URN, the URN's name or its `Name` tag. */
export interface SubnetSelector {
  readonly tags?: Readonly<Record<string, string>>;
  readonly names?: readonly string[];
}

/**
 * One end of a flow. `subnets` with `securityGroups` places a hypothetical ENI (one per matching subnet)
 * carrying those groups, for tiers whose workloads are not in the export (a database, a cache); without
 * `securityGroups` it stands for the ENIs the export puts in those subnets.
 */
export type Endpoint =
  | {
      readonly kind: "subnets";
      readonly subnets: SubnetSelector;
      readonly securityGroups?: readonly string[];
    }
  | { readonly kind: "cidr"; readonly cidr: string }
  | { readonly kind: "internet"; readonly address?: string; readonly domain?: string }
  | { readonly kind: "eksControlPlane"; readonly cluster?: string }
  | { readonly kind: "nodes"; readonly nodeGroup?: string; readonly subnets?: SubnetSelector }
  | { readonly kind: "interfaceEndpoint"; readonly service: string }
  | { readonly kind: "gatewayEndpoint"; readonly service: string }
  | { readonly kind: "loadBalancer"; readonly name?: string }
  | { readonly kind: "resource"; readonly name: string };

/** Layers a case may restrict itself to (routes are always evaluated). */
export type Layer = "sg" | "nacl" | "firewall";

export interface FlowCase {
  readonly id: string;
  readonly description?: string;
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly protocol: Protocol;
  readonly port: number;
  readonly expect: "allow" | "deny";
  /** The document the flow comes from (required for `expect: allow`). */
  readonly cite?: string;
  /** Evaluate only these layers, e.g. `["nacl"]` to prove the NACLs deny a flow on their own. */
  readonly layers?: readonly Layer[];
}

export type Decision = "allow" | "deny" | "partial" | "undecidable";

/** One step of one path, with the rule that decided it. */
export interface Hop {
  readonly direction: "request" | "reply";
  readonly layer: "route" | "nacl" | "sg" | "firewall" | "gateway";
  /** The resource that decided (NACL, route table, security group, firewall...), by URN name or id. */
  readonly at: string;
  readonly decision: Decision;
  /** What decided, in words: `rule 110 allow tcp 1024-65535 10.50.64.0/19`, `route 0.0.0.0/0 -> igw-1`. */
  readonly rule: string;
}

/** The answer for one (source ENI, destination ENI) pair. */
export interface PathResult {
  readonly from: string;
  readonly to: string;
  readonly decision: Decision;
  readonly hops: readonly Hop[];
  /** Client ephemeral ports for which the reply gets back (stateless NACLs), when some are refused. */
  readonly replyPorts?: readonly PortRange[];
}

export interface FlowVerdict {
  readonly id: string;
  readonly description?: string;
  readonly protocol: Protocol;
  readonly port: number;
  readonly expect: "allow" | "deny";
  readonly cite?: string;
  /** allow: every pair allowed; deny: every pair denied; partial: some of each (or some reply ports). */
  readonly verdict: Decision;
  /** `verdict === expect`; undecidable and partial never pass. */
  readonly pass: boolean;
  /** One line: why, naming the first pair that decided against the expectation (or the first pair). */
  readonly reason: string;
  readonly paths: readonly PathResult[];
}

export interface VerifyOptions {
  /**
   * The client's ephemeral (source) port range, which stateless NACLs must admit for replies. Linux uses
   * 32768-60999 (net.ipv4.ip_local_port_range); ELB and NAT gateways use 1024-65535.
   * @default { from: 32768, to: 60999 }
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/custom-network-acl.html#nacl-ephemeral-ports
   */
  readonly ephemeralPorts?: PortRange;
}
