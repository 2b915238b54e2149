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
export const GW = "kubernetes:networking.istio.io/v1:Gateway";
export const RA = "kubernetes:security.istio.io/v1:RequestAuthentication";
export const SE = "kubernetes:networking.istio.io/v1:ServiceEntry";
export const EF = "kubernetes:networking.istio.io/v1alpha3:EnvoyFilter";
/** An Istio Gateway in istio-ingress with the given servers. */
export const gateway = (servers: unknown) => ({
  apiVersion: "networking.istio.io/v1",
  kind: "Gateway",
  metadata: { name: "public", namespace: "istio-ingress" },
  spec: { selector: { istio: "ingressgateway" }, servers },
});
/** The server our stacks emit: HTTPS on the gateway's port, TLS 1.2+, a named host. */
export const httpsServer = (extra: Record<string, any> = {}) => ({
  name: "https",
  port: { number: 443, name: "https", protocol: "HTTPS" },
  hosts: ["api.example.com"],
  tls: { mode: "SIMPLE", credentialName: "edge-cert", minProtocolVersion: "TLSV1_2" },
  ...extra,
});
