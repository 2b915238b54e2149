/**
 * Network reachability for `rampart verify`: decides from a stack export alone whether flows are allowed
 * the way AWS evaluates them (routes, stateless NACLs both ways, stateful security groups on the
 * interfaces that really exist, endpoints, NAT and Network Firewall). Flow format: cli/verify/FLOWS.md.
 */
export type {
  Decision,
  Endpoint,
  ExportResource,
  FlowCase,
  FlowVerdict,
  Hop,
  Layer,
  PathResult,
  Protocol,
  SubnetSelector,
  VerifyOptions,
} from "./types";
export { parseFlowCases } from "./flows";
export { DEFAULT_EPHEMERAL, prepare, verifyCase, verifyFlows } from "./verify";
export { rampartFlows, type RampartFlowOptions } from "./rampartFlows";
export { renderTierMatrix, tierMatrix, type TierMatrix, type TierMatrixOptions } from "./matrix";
