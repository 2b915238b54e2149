/**
 * Rampart's edge flows (issue #12), derived only when the export has the edge (a load balancer or the mesh
 * gateway), so that a stack without one is not failed for lacking it. The design: the ALB in the ingress
 * tier targets the gateway's NodePort Service on the system (management) nodes; the gateway reaches the
 * model servers on the inference nodes.
 */
import { DEFAULT_MODEL_PORT, MESH_GATEWAY_NODE_PORTS } from "../../../components/shared/ports";
import { meshServicePorts } from "../cluster/rampartCases";
import { props, str } from "./props";
import type { Endpoint, ExportResource, FlowCase } from "./types";

const CITE = {
  elbTargets:
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-register-targets.html",
  elbHealth:
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html",
  albSg:
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html",
  edge: "issue #12 (the edge reaches model servers only through the mesh gateway on the system nodes)",
} as const;

const LOAD_BALANCER = /^aws:(lb|alb|elb)\/loadBalancer:/;

/** Whether the export has the edge: a load balancer, or the mesh ingress gateway (the Istio `gateway` chart). */
export function hasEdge(resources: readonly ExportResource[]): boolean {
  return resources.some(
    (r) =>
      LOAD_BALANCER.test(r.type) ||
      r.type === "rampart:mesh:ServiceMesh" ||
      (/^kubernetes:helm\.sh\/v[34]:(Release|Chart)$/.test(r.type) && str(props(r).chart) === "gateway"),
  );
}

/**
 * The edge (issue #12): the internet reaches the load balancer on 443 and 80; the load balancer reaches the
 * gateway's node ports on the system (management) nodes; the gateway reaches the model servers on the
 * inference nodes; nothing else from the ingress tier reaches inference, and the internet never reaches
 * the node ports directly. Without a load balancer in the export, an interface with the ingress tier's
 * group stands in for it (PublicEdge puts the ALB in that group).
 */
export function edgeFlows(
  resources: readonly ExportResource[],
  tierEni: (tier: string) => Endpoint,
  nodesIn: (tier: string) => Endpoint,
  hasInference: boolean,
): FlowCase[] {
  const out: FlowCase[] = [];
  const lb: Endpoint = resources.some((r) => LOAD_BALANCER.test(r.type))
    ? { kind: "loadBalancer" }
    : tierEni("ingress");
  const tcp = (
    id: string,
    from: Endpoint,
    to: Endpoint,
    port: number,
    expect: "allow" | "deny",
    cite: string,
    description: string,
  ) => out.push({ id, description, from, to, protocol: "tcp", port, expect, cite });
  const nodePorts = [MESH_GATEWAY_NODE_PORTS.https, MESH_GATEWAY_NODE_PORTS.status];
  for (const port of [443, 80])
    tcp(
      `internet-to-lb-${port}`,
      { kind: "internet" },
      lb,
      port,
      "allow",
      CITE.albSg,
      `clients on the internet reach the load balancer on ${port}${port === 80 ? " (redirected to HTTPS)" : ""}`,
    );
  for (const port of nodePorts)
    tcp(
      `lb-to-gateway-${port}`,
      lb,
      nodesIn("management"),
      port,
      "allow",
      port === MESH_GATEWAY_NODE_PORTS.status ? CITE.elbHealth : CITE.elbTargets,
      port === MESH_GATEWAY_NODE_PORTS.status
        ? `the load balancer health-checks the gateway's status node port ${port} on the system nodes`
        : `the load balancer forwards to the gateway's HTTPS node port ${port} on the system nodes`,
    );
  for (const port of nodePorts)
    tcp(
      `internet-to-management-${port}`,
      { kind: "internet" },
      nodesIn("management"),
      port,
      "deny",
      CITE.edge,
      `the internet never reaches the gateway's node port ${port} but through the load balancer`,
    );
  if (!hasInference) return out;
  const modelPorts = meshServicePorts(resources);
  for (const port of modelPorts.length > 0 ? modelPorts : [DEFAULT_MODEL_PORT])
    tcp(
      `gateway-to-model-${port}`,
      nodesIn("management"),
      nodesIn("inference"),
      port,
      "allow",
      CITE.edge,
      `the mesh gateway on the system nodes reaches the model servers on ${port}`,
    );
  // Any port: the model ports, the sidecar's inbound capture (15006), the web ports, the node ports, the kubelet.
  const probe = [...new Set([80, 443, ...modelPorts, DEFAULT_MODEL_PORT, 15006, 10250, ...nodePorts])].sort(
    (a, b) => a - b,
  );
  for (const port of probe)
    tcp(
      `ingress-to-inference-${port}`,
      lb,
      nodesIn("inference"),
      port,
      "deny",
      CITE.edge,
      `the ingress tier reaches nothing on inference nodes (tcp ${port}): only the gateway does`,
    );
  return out;
}
