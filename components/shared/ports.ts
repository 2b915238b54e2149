/**
 * Ports that more than one component must agree on. The edge load balancer targets the mesh ingress
 * gateway's NodePort Service on the system nodes; SegmentedVpc opens exactly these ports from the
 * ingress tier (NACLs, security groups, firewall pass rules), ServiceMesh pins the Service's node ports
 * to them, and PublicEdge points its target group and health check at them.
 */
export const MESH_GATEWAY_NODE_PORTS = {
  /** The gateway's HTTPS listener (Service port 443) as a node port. */
  https: 30443,
  /** Istio's gateway status port (15021, `/healthz/ready`) as a node port, for the load balancer's health check. */
  status: 30021,
} as const;

/** The port model servers listen on unless an endpoint says otherwise (vLLM's OpenAI server default). */
export const DEFAULT_MODEL_PORT = 8000;
