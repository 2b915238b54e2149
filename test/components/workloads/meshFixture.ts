import type { NamespaceMeshArgs } from "../../../components/workloads/inferenceNamespace.mesh.args";

/** A namespace mesh with every kind of object: two endpoints (one all defaults), JWT, both dependency kinds. */
export function meshArgs(): NamespaceMeshArgs {
  return {
    meshVersion: "1.30.2",
    gateway: {
      namespace: "istio-ingress",
      serviceAccount: "istio-ingressgateway",
      gatewayRef: "istio-ingress/public",
    },
    jwt: {
      issuer: "https://login.example.com/",
      jwksUri: "https://login.example.com/.well-known/jwks.json",
      audiences: ["inference-api"],
    },
    endpoints: [
      { name: "vllm", hosts: ["api.example.com"] },
      {
        name: "embed",
        port: 9000,
        metricsPort: 9090,
        hosts: ["api.example.com", "embed.example.com"],
        pathPrefix: "/embed/",
        timeoutSeconds: 30,
        requestsPerSecondPerPod: 50,
        maxConcurrentRequests: 16,
        consecutiveErrors: 3,
      },
    ],
    dependencies: [
      { name: "vectors", host: "qdrant.vector-db.svc.cluster.local", port: 6333, external: false },
      { name: "vendor", host: "api.vendor.com", external: true },
    ],
  };
}
