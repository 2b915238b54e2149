/** A Service shared by the three Service policy tests. */
export const SVC = "kubernetes:core/v1:Service";
export const SCHEME = "service.beta.kubernetes.io/aws-load-balancer-scheme";
export const svc = (spec: Record<string, any>, annotations?: Record<string, any>) => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "vllm", namespace: "inference", ...(annotations ? { annotations } : {}) },
  spec: { selector: { app: "vllm" }, ports: [{ port: 443, targetPort: 8443 }], ...spec },
});
