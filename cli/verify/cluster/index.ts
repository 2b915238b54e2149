/**
 * In-cluster reachability for `rampart verify`: decides from a stack export alone whether a request from
 * one workload reaches another through Kubernetes NetworkPolicy and Istio's PeerAuthentication,
 * RequestAuthentication and AuthorizationPolicy. Case format: cli/verify/CLUSTER.md.
 */
export type {
  ClusterCase,
  ClusterClient,
  ClusterDecision,
  ClusterLayerName,
  ClusterTarget,
  ClusterVerdict,
  LayerResult,
} from "./types";
export { buildClusterModel, selects, type ClusterModel } from "./model";
export { verifyCluster, verifyClusterCase } from "./verify";
export { meshEndpoints, meshServicePorts, rampartClusterCases, gatewayIdentity } from "./rampartCases";
export { parseClusterCases } from "./parse";
export type { RbacCase, RbacDecision, RbacRequest, RbacVerdict } from "./rbac";
export { authorize, buildRbacModel, verifyRbac } from "./rbac";
export { accessRolesOf, rbacCases } from "./rbacCases";
export { parseRbacCases } from "./rbacParse";
