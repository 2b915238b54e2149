import { objectPolicy, typesOf } from "../../lib/k8s";
import { at } from "../../lib/values";

/**
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport
 */
export const serviceDisallowNodePort = objectPolicy({
  name: "kubernetes-service-disallow-node-port",
  description:
    "Services should not be of type NodePort: it opens the port on every node's address, where security " +
    "groups rather than NetworkPolicies and the mesh decide who connects. Use ClusterIP behind the ingress " +
    "tier. Advisory: some controllers need NodePorts.",
  enforcementLevel: "advisory",
  catalog: ["KICS 845acfbe-3e10-4b8e-b656-3b404d36dfb2", "NSA-CISA Network separation and hardening"],
  remediation: "Set spec.type to ClusterIP and expose the Service through the ingress tier.",
  types: typesOf(["core/v1"], ["Service"]),
  check: (svc) => {
    if (at(svc, "spec", "type") !== "NodePort") return;
    return "Service is of type NodePort, open on every node: use ClusterIP behind the ingress tier.";
  },
});
