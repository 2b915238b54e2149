/**
 * Synthetic exports of Kubernetes and Istio objects, registered the way the provider types them
 * (`kubernetes:<apiVersion>:<Kind>`, the object as inputs). `meshNamespace()` is the design of issue #12
 * for one inference namespace: allow-nothing plus explicit allows, JWT on the API, STRICT mTLS mesh-wide,
 * default-deny NetworkPolicies with the gateway, scraper, istiod and DNS flows.
 */
import type { ExportResource } from "../../../cli/verify/network";

export function k8s(
  apiVersion: string,
  kind: string,
  namespace: string | undefined,
  name: string,
  spec: unknown,
  labels?: Record<string, string>,
): ExportResource {
  const group = apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`;
  const metadata = { name, ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}) };
  return {
    urn: `urn:pulumi:test::mesh::kubernetes:${group}:${kind}::${namespace ?? ""}-${name}`,
    type: `kubernetes:${group}:${kind}`,
    inputs: { apiVersion, kind, metadata, ...(spec === undefined ? {} : { spec }) },
  };
}

export const ns = (name: string, labels: Record<string, string> = {}) =>
  k8s("v1", "Namespace", undefined, name, undefined, labels);
export const netpol = (namespace: string, name: string, spec: unknown) =>
  k8s("networking.k8s.io/v1", "NetworkPolicy", namespace, name, spec);
export const authz = (namespace: string, name: string, spec: unknown) =>
  k8s("security.istio.io/v1", "AuthorizationPolicy", namespace, name, spec);
export const peerAuth = (namespace: string, name: string, spec: unknown) =>
  k8s("security.istio.io/v1", "PeerAuthentication", namespace, name, spec);
export const requestAuth = (namespace: string, name: string, spec: unknown) =>
  k8s("security.istio.io/v1", "RequestAuthentication", namespace, name, spec);

/** ServiceMesh's gateway identity (MESH_GATEWAY_IDENTITY), as its AuthorizationPolicy principal. */
export const GATEWAY = "cluster.local/ns/istio-ingress/sa/istio-ingressgateway";
export const SCRAPER = "cluster.local/ns/monitoring/sa/prometheus";
export const ISSUER = "https://login.example.com/";

const byName = (n: string) => ({ matchLabels: { "kubernetes.io/metadata.name": n } });

export interface MeshOptions {
  readonly namespace?: string;
  readonly app?: string;
  readonly port?: number;
  readonly metricsPort?: number;
}

/** The objects of one inference namespace, as issue #12 designs them. */
export function meshNamespace(o: MeshOptions = {}): ExportResource[] {
  const n = o.namespace ?? "inference";
  const app = o.app ?? "llm";
  const port = o.port ?? 8000;
  const metricsPort = o.metricsPort ?? port;
  const pod = { matchLabels: { app } };
  return [
    ns(n, { "istio-injection": "enabled" }),
    authz(n, "allow-nothing", {}),
    authz(n, `${app}-allow-gateway`, {
      selector: pod,
      action: "ALLOW",
      rules: [
        {
          from: [{ source: { principals: [GATEWAY], requestPrincipals: ["*"] } }],
          to: [{ operation: { ports: [String(port)], paths: ["/v1/*"] } }],
        },
      ],
    }),
    authz(n, `${app}-allow-scraper`, {
      selector: pod,
      rules: [
        {
          from: [{ source: { principals: [SCRAPER] } }],
          to: [{ operation: { ports: [String(metricsPort)], methods: ["GET"], paths: ["/metrics"] } }],
        },
      ],
    }),
    requestAuth(n, "jwt", {
      jwtRules: [{ issuer: ISSUER, jwksUri: `${ISSUER}.well-known/jwks.json`, audiences: ["llm"] }],
    }),
    netpol(n, "default-deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
    netpol(n, `${app}-from-gateway`, {
      podSelector: pod,
      policyTypes: ["Ingress"],
      ingress: [
        { from: [{ namespaceSelector: byName("istio-ingress") }], ports: [{ protocol: "TCP", port }] },
      ],
    }),
    netpol(n, `${app}-from-monitoring`, {
      podSelector: pod,
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [{ namespaceSelector: byName("monitoring") }],
          ports: [
            { protocol: "TCP", port: metricsPort },
            { protocol: "TCP", port: 15020 },
          ],
        },
      ],
    }),
    netpol(n, "to-istiod", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            { namespaceSelector: byName("istio-system"), podSelector: { matchLabels: { app: "istiod" } } },
          ],
          ports: [{ protocol: "TCP", port: 15012 }],
        },
      ],
    }),
    k8s("networking.istio.io/v1", "VirtualService", n, app, {
      hosts: ["api.example.com"],
      gateways: ["istio-ingress/public"],
      http: [
        {
          match: [{ uri: { prefix: "/v1/" } }],
          route: [{ destination: { host: `${app}.${n}.svc.cluster.local`, port: { number: port } } }],
        },
      ],
    }),
  ];
}

/** Mesh-wide STRICT mTLS in the root namespace. */
export const strictMesh = () => peerAuth("istio-system", "default", { mtls: { mode: "STRICT" } });
