import { containersOf, workloadPolicy } from "../../lib/k8s";
import { UNSEEN } from "../../lib/unknown";
import { asArray, at } from "../../lib/values";

/**
 * Pod Security "baseline": Host Ports.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const workloadDisallowHostPorts = workloadPolicy({
  name: "kubernetes-workload-disallow-host-ports",
  description:
    "Containers must not bind host ports (ports[].hostPort): a host port is reachable on the node's own " +
    "address, outside Services, NetworkPolicies and the mesh's mutual TLS.",
  catalog: ["PSS baseline: Host Ports", "CKV_K8S_26", "AVD-KSV-0024"],
  remediation: "Remove ports[].hostPort from every container and expose the port through a Service.",
  check: ({ podSpec }) => {
    const out: string[] = [];
    for (const ref of containersOf(podSpec)) {
      for (const p of asArray(ref.container.ports)) {
        const hostPort = at(p, "hostPort");
        if (hostPort === undefined || hostPort === null || hostPort === UNSEEN || hostPort === 0) continue;
        out.push(
          `${ref.label} binds host port ${String(hostPort)}: remove ports[].hostPort and use a Service.`,
        );
      }
    }
    return out;
  },
});
