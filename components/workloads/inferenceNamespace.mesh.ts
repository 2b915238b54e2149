import {
  OUTLIER_TIMING,
  principalOf,
  serviceHost,
  type ResolvedDependency,
  type ResolvedEndpoint,
  type ResolvedMesh,
} from "./inferenceNamespace.mesh.defaults";

/**
 * The Istio objects of an inference namespace, as plain manifests (no Pulumi): the component hands them
 * to `k8s.apiextensions.CustomResource`, and tests and the schema check read exactly what is applied.
 *
 * Authorization model: a namespace-wide allow-nothing AuthorizationPolicy, then one ALLOW policy per
 * caller and endpoint. Istio denies a request when ALLOW policies apply to the workload and none matches,
 * so the allows add up to exactly the listed flows (the gateway to the API, the scraper to `/metrics`) and
 * a pod no allow selects admits nothing.
 * https://istio.io/latest/docs/concepts/security/#implicit-enablement
 * https://istio.io/latest/docs/reference/config/security/authorization-policy/
 */

export interface MeshObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: Record<string, unknown>;
}

const SECURITY = "security.istio.io/v1";
const NETWORKING = "networking.istio.io/v1";
/** EnvoyFilter exists only as v1alpha3. https://istio.io/latest/docs/reference/config/networking/envoy-filter/ */
const ENVOY_FILTER = "networking.istio.io/v1alpha3";

/**
 * Retry only when the request never reached the model server: the connection could not be opened
 * (`connect-failure`) or an HTTP/2 upstream refused the stream before processing it (`refused-stream`).
 * Never `5xx`, `reset` or `gateway-error`: those can follow a generation that already ran (and burned
 * GPU time), and a retry would run it again.
 * https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/router_filter#x-envoy-retry-on
 */
export const ENDPOINT_RETRIES = { attempts: 2, retryOn: "connect-failure,refused-stream" } as const;

/** The Envoy filter and typed config of the per-pod limit, as Envoy names them (stable since Envoy 1.16). */
export const LOCAL_RATE_LIMIT = {
  filter: "envoy.filters.http.local_ratelimit",
  typeUrl: "type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit",
  /** Added to throttled (429) responses, so a client and the logs can tell a limit from an overload. */
  header: "x-rampart-rate-limited",
} as const;

/** `^1\.30([.-].*)?$` for "1.30.5": every patch of the mesh's minor, nothing else. */
export function proxyVersionRegex(meshVersion: string): string {
  const [major, minor] = meshVersion.split(".");
  return `^${major}\\.${minor}([.-].*)?$`;
}

const obj = (
  apiVersion: string,
  kind: string,
  name: string,
  namespace: string,
  spec: Record<string, unknown>,
): MeshObject => ({ apiVersion, kind, metadata: { name, namespace }, spec });

const podsOf = (e: ResolvedEndpoint) => ({ matchLabels: { app: e.name } });

/**
 * The namespace's AuthorizationPolicies: allow-nothing first, then per endpoint the gateway to the API
 * (its port and path prefix, with a valid JWT when an issuer is set) and the scraper to `/metrics` (GET on
 * the metrics port). Ports are the pod's: the sidecar's inbound listener sees the container port.
 */
export function authorizationPolicies(namespace: string, mesh: ResolvedMesh): MeshObject[] {
  const gateway = principalOf(mesh.gateway);
  const scraper = principalOf(mesh.scraper);
  const out = [
    // An ALLOW policy with no rules matches nothing: with no other allow, every request is denied.
    obj(SECURITY, "AuthorizationPolicy", "allow-nothing", namespace, {}),
  ];
  for (const e of mesh.endpoints) {
    out.push(
      obj(SECURITY, "AuthorizationPolicy", `allow-gateway-${e.name}`, namespace, {
        selector: podsOf(e),
        action: "ALLOW",
        rules: [
          {
            // principals and requestPrincipals in one source must both match: the mTLS identity of
            // the gateway AND a token from the issuer (requestPrincipal is `<iss>/<sub>`).
            from: [
              {
                source: {
                  principals: [gateway],
                  ...(mesh.jwt ? { requestPrincipals: [`${mesh.jwt.issuer}/*`] } : {}),
                },
              },
            ],
            to: [{ operation: { ports: [String(e.port)], paths: [`${e.pathPrefix}*`] } }],
          },
        ],
      }),
      obj(SECURITY, "AuthorizationPolicy", `allow-scrape-${e.name}`, namespace, {
        selector: podsOf(e),
        action: "ALLOW",
        rules: [
          {
            from: [{ source: { principals: [scraper] } }],
            to: [{ operation: { ports: [String(e.metricsPort)], paths: ["/metrics"], methods: ["GET"] } }],
          },
        ],
      }),
    );
  }
  return out;
}

/** STRICT mTLS for the whole namespace, whatever the mesh-wide policy says (defence in depth). */
export function peerAuthentication(namespace: string): MeshObject {
  return obj(SECURITY, "PeerAuthentication", "default", namespace, { mtls: { mode: "STRICT" } });
}

/**
 * Validates the issuer's tokens on the endpoint pods. Alone it rejects only invalid tokens; the
 * gateway's ALLOW rule requires a valid one (requestPrincipals). The gateway must forward the token
 * (`forwardOriginalToken` on its own RequestAuthentication), or every request is denied here.
 * https://istio.io/latest/docs/reference/config/security/request_authentication/
 */
export function requestAuthentications(namespace: string, mesh: ResolvedMesh): MeshObject[] {
  const jwt = mesh.jwt;
  if (!jwt) return [];
  return mesh.endpoints.map((e) =>
    obj(SECURITY, "RequestAuthentication", `jwt-${e.name}`, namespace, {
      selector: podsOf(e),
      jwtRules: [{ issuer: jwt.issuer, jwksUri: jwt.jwksUri, audiences: [...jwt.audiences] }],
    }),
  );
}

const outlier = (key: "consecutive5xxErrors" | "consecutiveGatewayErrors", n: number) => ({
  [key]: n,
  ...OUTLIER_TIMING,
});

/**
 * Client-side policy for each endpoint (used by the gateway) and each dependency (used by this
 * namespace's pods): mTLS with the mesh's certificates, a bounded connection pool, and outlier detection.
 * Endpoints eject a pod on consecutive 5xx (a model server that fails every request is sick, e.g. out of
 * GPU memory); dependencies only on gateway errors (502/503/504), since a vendor's 500 for one bad input
 * says nothing about the host. External dependencies originate TLS and verify the server: mode SIMPLE,
 * SNI and the expected name; with no `caCertificates`, the proxy verifies against the OS CA bundle of the
 * proxy image, and `insecureSkipVerify` is never set.
 * https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings
 */
export function destinationRules(namespace: string, mesh: ResolvedMesh): MeshObject[] {
  const endpoints = mesh.endpoints.map((e) =>
    obj(NETWORKING, "DestinationRule", `endpoint-${e.name}`, namespace, {
      host: serviceHost(e.name, namespace),
      // The gateway (another namespace) must see it; nobody else needs to.
      exportTo: [".", mesh.gateway.namespace],
      trafficPolicy: {
        tls: { mode: "ISTIO_MUTUAL" },
        connectionPool: {
          tcp: { maxConnections: e.maxConcurrentRequests },
          // Streamed generations hold their request open; at most this many in flight, the same
          // number queued, the rest refused (503) at the gateway instead of piling up on the GPU.
          http: {
            http2MaxRequests: e.maxConcurrentRequests,
            http1MaxPendingRequests: e.maxConcurrentRequests,
          },
        },
        outlierDetection: outlier("consecutive5xxErrors", e.consecutiveErrors),
      },
    }),
  );
  const dependencies = mesh.dependencies.map((d) =>
    obj(NETWORKING, "DestinationRule", `dependency-${d.name}`, namespace, {
      host: d.host,
      exportTo: ["."],
      trafficPolicy: {
        tls: d.external
          ? { mode: "SIMPLE", sni: d.host, subjectAltNames: [d.host] }
          : { mode: "ISTIO_MUTUAL" },
        connectionPool: { tcp: { maxConnections: d.maxConnections } },
        outlierDetection: outlier("consecutiveGatewayErrors", d.consecutiveErrors),
      },
    }),
  );
  return [...endpoints, ...dependencies];
}

/** The port the application calls an external dependency on: plain HTTP, the sidecar originates TLS. */
export const EXTERNAL_APP_PORT = 80;

/**
 * External dependencies, registered so the mesh's REGISTRY_ONLY egress lets them through. The
 * application calls `http://<host>/` (port 80, inside the pod only); the sidecar opens TLS to the
 * dependency's port (443) and verifies its certificate (DestinationRule SIMPLE). Only port 80 is
 * registered, so a direct TLS connection from the app (which could skip verification) finds no route.
 * https://istio.io/latest/docs/tasks/traffic-management/egress/egress-tls-origination/
 */
export function serviceEntries(namespace: string, mesh: ResolvedMesh): MeshObject[] {
  return mesh.dependencies
    .filter((d) => d.external)
    .map((d: ResolvedDependency) =>
      obj(NETWORKING, "ServiceEntry", `dependency-${d.name}`, namespace, {
        hosts: [d.host],
        location: "MESH_EXTERNAL",
        resolution: "DNS",
        exportTo: ["."],
        ports: [{ number: EXTERNAL_APP_PORT, name: "http", protocol: "HTTP", targetPort: d.port }],
      }),
    );
}

/**
 * One route per endpoint on the mesh gateway: its hosts and path prefix to the Service, a timeout long
 * enough for a streamed generation, and retries only when the request never reached a model server. The
 * per-try timeout equals the route timeout, so a slow generation is never cut short and retried.
 * https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry
 */
export function virtualServices(namespace: string, mesh: ResolvedMesh): MeshObject[] {
  return mesh.endpoints.map((e) =>
    obj(NETWORKING, "VirtualService", `route-${e.name}`, namespace, {
      hosts: [...e.hosts],
      gateways: [mesh.gateway.gatewayRef],
      // Only the gateway applies it (it is not bound to `mesh`), so only its namespace needs it.
      exportTo: [mesh.gateway.namespace],
      http: [
        {
          name: e.name,
          match: [{ uri: { prefix: e.pathPrefix } }],
          route: [{ destination: { host: serviceHost(e.name, namespace), port: { number: e.port } } }],
          timeout: `${e.timeoutSeconds}s`,
          retries: { ...ENDPOINT_RETRIES, perTryTimeout: `${e.timeoutSeconds}s` },
        },
      ],
    }),
  );
}

/**
 * Per-pod token bucket on the endpoint sidecars' inbound HTTP chain (`requestsPerSecondPerPod` a second,
 * the same as burst), enabled and enforced for 100% of requests; over the limit the sidecar answers 429
 * with `x-rampart-rate-limited`. Istio has no rate-limit API: an EnvoyFilter is the documented way, and
 * `proxyVersion` pins it to the mesh's minor version, whose Envoy it was written for.
 * https://istio.io/latest/docs/tasks/policy-enforcement/rate-limit/#local-rate-limit
 * https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/local_rate_limit_filter
 */
export function rateLimitFilters(namespace: string, mesh: ResolvedMesh): MeshObject[] {
  return mesh.endpoints.map((e) =>
    obj(ENVOY_FILTER, "EnvoyFilter", `ratelimit-${e.name}`, namespace, {
      workloadSelector: { labels: { app: e.name } },
      configPatches: [
        {
          applyTo: "HTTP_FILTER",
          match: {
            context: "SIDECAR_INBOUND",
            proxy: { proxyVersion: proxyVersionRegex(mesh.meshVersion) },
            listener: { filterChain: { filter: { name: "envoy.filters.network.http_connection_manager" } } },
          },
          patch: {
            operation: "INSERT_BEFORE",
            value: {
              name: LOCAL_RATE_LIMIT.filter,
              typed_config: {
                "@type": LOCAL_RATE_LIMIT.typeUrl,
                stat_prefix: "http_local_rate_limiter",
                token_bucket: {
                  max_tokens: e.requestsPerSecondPerPod,
                  tokens_per_fill: e.requestsPerSecondPerPod,
                  fill_interval: "1s",
                },
                filter_enabled: {
                  runtime_key: "local_rate_limit_enabled",
                  default_value: { numerator: 100, denominator: "HUNDRED" },
                },
                filter_enforced: {
                  runtime_key: "local_rate_limit_enforced",
                  default_value: { numerator: 100, denominator: "HUNDRED" },
                },
                response_headers_to_add: [
                  {
                    append_action: "OVERWRITE_IF_EXISTS_OR_ADD",
                    header: { key: LOCAL_RATE_LIMIT.header, value: "true" },
                  },
                ],
              },
            },
          },
        },
      ],
    }),
  );
}

/**
 * Every mesh object of the namespace, in the order they must exist: mTLS and allow-nothing before any
 * allow, token validation before the allow that requires a token, then traffic policy and routes.
 */
export function meshObjects(namespace: string, mesh: ResolvedMesh): MeshObject[] {
  return [
    peerAuthentication(namespace),
    ...authorizationPolicies(namespace, mesh).slice(0, 1),
    ...requestAuthentications(namespace, mesh),
    ...authorizationPolicies(namespace, mesh).slice(1),
    ...destinationRules(namespace, mesh),
    ...serviceEntries(namespace, mesh),
    ...virtualServices(namespace, mesh),
    ...rateLimitFilters(namespace, mesh),
  ];
}
