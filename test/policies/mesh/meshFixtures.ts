/** Istio objects shared by the service-mesh policy tests. */
export const PA = "kubernetes:security.istio.io/v1:PeerAuthentication";
export const AP = "kubernetes:security.istio.io/v1:AuthorizationPolicy";
export const DR = "kubernetes:networking.istio.io/v1:DestinationRule";
export const obj = (kind: string, namespace: unknown, spec: unknown) => ({
  apiVersion: kind === "DestinationRule" ? "networking.istio.io/v1" : "security.istio.io/v1",
  kind,
  metadata: { name: "x", namespace },
  spec,
});
export const dr = (host: string, spec: Record<string, any>) =>
  obj("DestinationRule", "inference", { host, ...spec });
