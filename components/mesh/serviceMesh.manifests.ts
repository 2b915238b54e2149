import type { JwtIssuer } from "./serviceMesh.args";
import { MESH_NAMES, SERVICE_MESH_DEFAULTS } from "./serviceMesh.logic";

/**
 * The mesh-wide Istio objects as plain data (no Pulumi): the component hands them to
 * `k8s.apiextensions.CustomResource`, tests and the schema check (`@kubernetes-models/istio`) read them.
 */

export interface IstioObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: Record<string, unknown>;
}

/**
 * Envoy filter names and typed-config URLs, pinned with the proxy version they are written for. All three
 * HTTP filters are compiled into Istio 1.30's proxy (istio/proxy release-1.30,
 * bazel/extension_config/extensions_build_config.bzl).
 */
export const ENVOY = {
  hcm: "envoy.filters.network.http_connection_manager",
  router: "envoy.filters.http.router",
  localRateLimit: "envoy.filters.http.local_ratelimit",
  localRateLimitType: "type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit",
  headerMutation: "envoy.filters.http.header_mutation",
  headerMutationType: "type.googleapis.com/envoy.extensions.filters.http.header_mutation.v3.HeaderMutation",
  buffer: "envoy.filters.http.buffer",
  bufferType: "type.googleapis.com/envoy.extensions.filters.http.buffer.v3.Buffer",
} as const;

/** `match.proxy.proxyVersion` for an Istio version: the patch applies only to proxies of that minor. */
export function proxyVersionRegex(istioVersion: string): string {
  const [major, minor] = istioVersion.split(".");
  return `^${major}\\.${minor}\\..*`;
}

/** Mesh-wide mutual TLS: a PeerAuthentication named `default` in the root namespace applies to every workload. */
export function meshPeerAuthentication(mode: "STRICT" | "PERMISSIVE"): IstioObject {
  // https://istio.io/latest/docs/reference/config/security/peer_authentication/
  return {
    apiVersion: "security.istio.io/v1",
    kind: "PeerAuthentication",
    metadata: { name: "default", namespace: MESH_NAMES.controlPlaneNamespace },
    spec: { mtls: { mode } },
  };
}

/**
 * The ingress Gateway: one HTTPS server on 443 for the public hosts, TLS 1.2 and newer, certificate from a
 * kubernetes.io/tls Secret in the gateway's namespace. No plain-HTTP server: the load balancer redirects.
 * https://istio.io/latest/docs/reference/config/networking/gateway/#ServerTLSSettings
 */
export function ingressGateway(hosts: readonly string[]): IstioObject {
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "Gateway",
    metadata: { name: MESH_NAMES.gateway, namespace: MESH_NAMES.gatewayNamespace },
    spec: {
      selector: { ...MESH_NAMES.gatewaySelector },
      servers: [
        {
          port: { number: 443, name: "https", protocol: "HTTPS" },
          hosts: [...hosts],
          tls: {
            mode: "SIMPLE",
            credentialName: MESH_NAMES.gatewayCredential,
            minProtocolVersion: "TLSV1_2",
          },
        },
      ],
    },
  };
}

/**
 * JWT validation at the gateway for the SSO issuer. The token is forwarded (the namespaces validate it
 * again), and its `sub` is written to the user header that keys the per-user rate limit.
 * https://istio.io/latest/docs/reference/config/security/request_authentication/
 */
export function gatewayRequestAuthentication(jwt: JwtIssuer): IstioObject {
  return {
    apiVersion: "security.istio.io/v1",
    kind: "RequestAuthentication",
    metadata: { name: "gateway-jwt", namespace: MESH_NAMES.gatewayNamespace },
    spec: {
      selector: { matchLabels: { ...MESH_NAMES.gatewaySelector } },
      jwtRules: [
        {
          issuer: jwt.issuer,
          jwksUri: jwt.jwksUri,
          audiences: [...jwt.audiences],
          forwardOriginalToken: true,
          outputClaimToHeaders: [{ header: SERVICE_MESH_DEFAULTS.userHeader, claim: "sub" }],
        },
      ],
    },
  };
}

/**
 * RequestAuthentication alone lets requests without a token through; this ALLOW policy admits only
 * requests carrying a valid token of the issuer (any subject), so anonymous calls stop at the gateway.
 * https://istio.io/latest/docs/tasks/security/authentication/authn-policy/#require-a-valid-token
 */
export function gatewayRequireJwt(jwt: JwtIssuer): IstioObject {
  return {
    apiVersion: "security.istio.io/v1",
    kind: "AuthorizationPolicy",
    metadata: { name: "gateway-require-jwt", namespace: MESH_NAMES.gatewayNamespace },
    spec: {
      selector: { matchLabels: { ...MESH_NAMES.gatewaySelector } },
      action: "ALLOW",
      rules: [{ from: [{ source: { requestPrincipals: [`${jwt.issuer}/*`] } }] }],
    },
  };
}

/** An Envoy token bucket for `requestsPerMinute` with `burst` capacity (fill interval at least 50 ms). */
export function tokenBucket(requestsPerMinute: number, burst: number) {
  // Envoy refuses fill intervals under 50 ms, so above 1200/min several tokens come per fill.
  const tokensPerFill = Math.ceil(requestsPerMinute / 1200);
  const fillMs = Math.round((60_000 * tokensPerFill) / requestsPerMinute);
  return {
    max_tokens: Math.max(burst, tokensPerFill),
    tokens_per_fill: tokensPerFill,
    fill_interval: `${fillMs / 1000}s`,
  };
}

const ALL_REQUESTS = (key: string) => ({
  runtime_key: key,
  default_value: { numerator: 100, denominator: "HUNDRED" },
});

/**
 * Removes the client's copy of the user header before any other filter: Envoy's jwt_authn adds the claim
 * header with `addCopy` (source/extensions/filters/http/jwt_authn/authenticator.cc, addJWTClaimToHeader),
 * so a client-sent value would survive next to the verified one, and the rate limit reads the first.
 */
function stripUserHeaderPatch(istioVersion: string) {
  return {
    applyTo: "HTTP_FILTER",
    match: {
      context: "GATEWAY",
      proxy: { proxyVersion: proxyVersionRegex(istioVersion) },
      listener: { filterChain: { filter: { name: ENVOY.hcm } } },
    },
    patch: {
      operation: "INSERT_FIRST",
      value: {
        name: ENVOY.headerMutation,
        typed_config: {
          "@type": ENVOY.headerMutationType,
          mutations: { request_mutations: [{ remove: SERVICE_MESH_DEFAULTS.userHeader }] },
        },
      },
    },
  };
}

function gatewayHttpFilterPatch(istioVersion: string, value: Record<string, unknown>) {
  return {
    applyTo: "HTTP_FILTER",
    match: {
      context: "GATEWAY",
      proxy: { proxyVersion: proxyVersionRegex(istioVersion) },
      listener: { filterChain: { filter: { name: ENVOY.hcm, subFilter: { name: ENVOY.router } } } },
    },
    // Before the router, so after Istio's JWT and authorization filters: the user header is set from a
    // verified token by then, and a rejected request costs no token.
    patch: { operation: "INSERT_BEFORE", value },
  };
}

/**
 * Per-caller local rate limit on the gateway pods. Envoy's local rate limit keeps one token bucket per
 * distinct value of a descriptor entry whose value is left empty (a wildcard), up to
 * `max_dynamic_descriptors` values in an LRU cache (field 18 of LocalRateLimit, in the Envoy API Istio 1.30
 * builds with: go-control-plane envoy v1.37.1-0.20260409083702-98966259b99a, istio/istio go.mod at 1.30.3).
 * The descriptors come from the filter's own `rate_limits` (field 17), so no route needs patching.
 *
 * Keys: the verified JWT subject (only when a JWT issuer is configured: without one, the header is
 * whatever the client sends; with one, the client's copy is removed first) and the API-key header. Requests with neither share the default bucket.
 * Limits are per gateway pod: the mesh-wide rate is the per-pod rate times the replicas.
 */
export function gatewayRateLimit(args: {
  istioVersion: string;
  requestsPerMinute: number;
  burst: number;
  jwt: boolean;
}): IstioObject {
  const bucket = tokenBucket(args.requestsPerMinute, args.burst);
  const keys = [
    ...(args.jwt ? [{ key: "user", header: SERVICE_MESH_DEFAULTS.userHeader }] : []),
    { key: "api_key", header: SERVICE_MESH_DEFAULTS.apiKeyHeader },
  ];
  return {
    apiVersion: "networking.istio.io/v1alpha3",
    kind: "EnvoyFilter",
    metadata: { name: "gateway-per-caller-rate-limit", namespace: MESH_NAMES.gatewayNamespace },
    spec: {
      workloadSelector: { labels: { ...MESH_NAMES.gatewaySelector } },
      configPatches: [
        ...(args.jwt ? [stripUserHeaderPatch(args.istioVersion)] : []),
        gatewayHttpFilterPatch(args.istioVersion, {
          name: ENVOY.localRateLimit,
          typed_config: {
            "@type": ENVOY.localRateLimitType,
            stat_prefix: "rampart_per_caller",
            token_bucket: bucket,
            filter_enabled: ALL_REQUESTS("rampart_per_caller_enabled"),
            filter_enforced: ALL_REQUESTS("rampart_per_caller_enforced"),
            // A caller with a key spends only its own bucket; the default bucket is for callers without one.
            always_consume_default_token_bucket: false,
            max_dynamic_descriptors: SERVICE_MESH_DEFAULTS.maxTrackedCallers,
            rate_limits: keys.map((k) => ({
              actions: [{ request_headers: { header_name: k.header, descriptor_key: k.key } }],
            })),
            descriptors: keys.map((k) => ({ entries: [{ key: k.key }], token_bucket: bucket })),
            enable_x_ratelimit_headers: "DRAFT_VERSION_03",
          },
        }),
      ],
    },
  };
}

/**
 * Largest request body the gateway accepts: Envoy's buffer filter answers 413 above `max_request_bytes`
 * before the request reaches a model server.
 * https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/buffer_filter
 */
export function gatewayRequestSizeLimit(istioVersion: string, maxRequestBytes: number): IstioObject {
  return {
    apiVersion: "networking.istio.io/v1alpha3",
    kind: "EnvoyFilter",
    metadata: { name: "gateway-request-size-limit", namespace: MESH_NAMES.gatewayNamespace },
    spec: {
      workloadSelector: { labels: { ...MESH_NAMES.gatewaySelector } },
      configPatches: [
        gatewayHttpFilterPatch(istioVersion, {
          name: ENVOY.buffer,
          typed_config: { "@type": ENVOY.bufferType, max_request_bytes: maxRequestBytes },
        }),
      ],
    },
  };
}
