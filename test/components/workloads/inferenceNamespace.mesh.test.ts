import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { NOT_QUARANTINED } from "../../../components/shared/quarantine";
import fc from "fast-check";
import type { NamespaceMeshArgs } from "../../../components/workloads/inferenceNamespace.mesh.args";
import { meshArgs } from "./meshFixture";
import { resolveMesh } from "../../../components/workloads/inferenceNamespace.mesh.defaults";
import {
  authorizationPolicies,
  destinationRules,
  meshObjects,
  proxyVersionRegex,
  rateLimitFilters,
  serviceEntries,
  virtualServices,
  type MeshObject,
} from "../../../components/workloads/inferenceNamespace.mesh";
import { networkPolicies } from "../../../components/workloads/inferenceNamespace.logic";

/** The mesh objects of an inference namespace, read as plain manifests (no Pulumi). */

const NS = "llm-inference";
const GATEWAY = "cluster.local/ns/istio-ingress/sa/istio-ingressgateway";
const SCRAPER = "cluster.local/ns/monitoring/sa/prometheus";

const objects = (args = meshArgs()) => meshObjects(NS, resolveMesh(args));
const named = (list: MeshObject[], kind: string, name: string): any => {
  const found = list.filter((o) => o.kind === kind && o.metadata.name === name);
  assert.equal(found.length, 1, `one ${kind} ${name}`);
  return found[0]!;
};

describe("mesh objects", () => {
  test("exactly these objects, every one in the namespace, mTLS and allow-nothing first", () => {
    const list = objects();
    assert.deepEqual(
      list.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.name}`),
      [
        "security.istio.io/v1 PeerAuthentication default",
        "security.istio.io/v1 AuthorizationPolicy allow-nothing",
        "security.istio.io/v1 RequestAuthentication jwt-vllm",
        "security.istio.io/v1 RequestAuthentication jwt-embed",
        "security.istio.io/v1 AuthorizationPolicy allow-gateway-vllm",
        "security.istio.io/v1 AuthorizationPolicy allow-scrape-vllm",
        "security.istio.io/v1 AuthorizationPolicy allow-gateway-embed",
        "security.istio.io/v1 AuthorizationPolicy allow-scrape-embed",
        "networking.istio.io/v1 DestinationRule endpoint-vllm",
        "networking.istio.io/v1 DestinationRule endpoint-embed",
        "networking.istio.io/v1 DestinationRule dependency-vectors",
        "networking.istio.io/v1 DestinationRule dependency-vendor",
        "networking.istio.io/v1 ServiceEntry dependency-vendor",
        "networking.istio.io/v1 VirtualService route-vllm",
        "networking.istio.io/v1 VirtualService route-embed",
        "networking.istio.io/v1alpha3 EnvoyFilter ratelimit-vllm",
        "networking.istio.io/v1alpha3 EnvoyFilter ratelimit-embed",
      ],
    );
    for (const o of list) assert.equal(o.metadata.namespace, NS);
  });

  test("STRICT mTLS for the whole namespace; allow-nothing has an empty spec (matches nothing)", () => {
    const list = objects();
    assert.deepEqual(named(list, "PeerAuthentication", "default").spec, { mtls: { mode: "STRICT" } });
    assert.deepEqual(named(list, "AuthorizationPolicy", "allow-nothing").spec, {});
  });

  test("the gateway reaches each API on its pod port and prefix, only with a token from the issuer", () => {
    const list = objects();
    assert.deepEqual(named(list, "AuthorizationPolicy", "allow-gateway-vllm").spec, {
      selector: { matchLabels: { app: "vllm" } },
      action: "ALLOW",
      rules: [
        {
          from: [{ source: { principals: [GATEWAY], requestPrincipals: ["https://login.example.com//*"] } }],
          to: [{ operation: { ports: ["8000"], paths: ["/v1/*"] } }],
        },
      ],
    });
    assert.deepEqual(named(list, "AuthorizationPolicy", "allow-gateway-embed").spec.rules[0].to, [
      { operation: { ports: ["9000"], paths: ["/embed/*"] } },
    ]);
  });

  test("without an issuer the gateway rule requires the gateway's identity only", () => {
    const args = { ...meshArgs(), jwt: undefined };
    const list = objects(args);
    assert.deepEqual(named(list, "AuthorizationPolicy", "allow-gateway-vllm").spec.rules[0].from, [
      { source: { principals: [GATEWAY] } },
    ]);
    assert.equal(list.filter((o) => o.kind === "RequestAuthentication").length, 0);
  });

  test("the scraper may only GET /metrics on the metrics port", () => {
    const list = objects();
    assert.deepEqual(named(list, "AuthorizationPolicy", "allow-scrape-vllm").spec.rules, [
      {
        from: [{ source: { principals: [SCRAPER] } }],
        to: [{ operation: { ports: ["8000"], paths: ["/metrics"], methods: ["GET"] } }],
      },
    ]);
    assert.deepEqual(named(list, "AuthorizationPolicy", "allow-scrape-embed").spec.rules[0].to, [
      { operation: { ports: ["9090"], paths: ["/metrics"], methods: ["GET"] } },
    ]);
  });

  test("RequestAuthentication: the issuer, its JWKS and audiences, on each endpoint's pods", () => {
    assert.deepEqual(named(objects(), "RequestAuthentication", "jwt-embed").spec, {
      selector: { matchLabels: { app: "embed" } },
      jwtRules: [
        {
          issuer: "https://login.example.com/",
          jwksUri: "https://login.example.com/.well-known/jwks.json",
          audiences: ["inference-api"],
        },
      ],
    });
  });

  test("endpoint circuit breakers: ISTIO_MUTUAL, bounded pool, ejection on consecutive 5xx", () => {
    const list = destinationRules(NS, resolveMesh(meshArgs()));
    assert.deepEqual(named(list, "DestinationRule", "endpoint-vllm").spec, {
      host: "vllm.llm-inference.svc.cluster.local",
      exportTo: [".", "istio-ingress"],
      trafficPolicy: {
        tls: { mode: "ISTIO_MUTUAL" },
        connectionPool: {
          tcp: { maxConnections: 64 },
          http: { http2MaxRequests: 64, http1MaxPendingRequests: 64 },
        },
        outlierDetection: {
          consecutive5xxErrors: 5,
          interval: "10s",
          baseEjectionTime: "30s",
          maxEjectionPercent: 50,
        },
      },
    });
    const embed = named(list, "DestinationRule", "endpoint-embed").spec.trafficPolicy;
    assert.equal(embed.connectionPool.http.http2MaxRequests, 16);
    assert.equal(embed.outlierDetection.consecutive5xxErrors, 3);
  });

  test("dependencies: in-mesh over ISTIO_MUTUAL; external with TLS origination that verifies the server", () => {
    const list = destinationRules(NS, resolveMesh(meshArgs()));
    const vectors = named(list, "DestinationRule", "dependency-vectors").spec;
    assert.equal(vectors.host, "qdrant.vector-db.svc.cluster.local");
    assert.deepEqual(vectors.trafficPolicy.tls, { mode: "ISTIO_MUTUAL" });
    assert.deepEqual(vectors.exportTo, ["."]);
    const vendor = named(list, "DestinationRule", "dependency-vendor").spec.trafficPolicy;
    assert.deepEqual(vendor.tls, {
      mode: "SIMPLE",
      sni: "api.vendor.com",
      subjectAltNames: ["api.vendor.com"],
    });
    assert.equal("insecureSkipVerify" in vendor.tls, false);
    assert.deepEqual(vendor.connectionPool, { tcp: { maxConnections: 32 } });
    assert.equal(vendor.outlierDetection.consecutiveGatewayErrors, 5);
    assert.equal(vendor.outlierDetection.consecutive5xxErrors, undefined);

    assert.deepEqual(
      named(serviceEntries(NS, resolveMesh(meshArgs())), "ServiceEntry", "dependency-vendor").spec,
      {
        hosts: ["api.vendor.com"],
        location: "MESH_EXTERNAL",
        resolution: "DNS",
        exportTo: ["."],
        // The app speaks HTTP to port 80 inside the pod; the sidecar opens TLS to 443.
        ports: [{ number: 80, name: "http", protocol: "HTTP", targetPort: 443 }],
      },
    );
  });

  test("routes: bound to the gateway, prefix match, stream-length timeout, retries only before the request ran", () => {
    const vs = named(virtualServices(NS, resolveMesh(meshArgs())), "VirtualService", "route-vllm").spec;
    assert.deepEqual(vs, {
      hosts: ["api.example.com"],
      gateways: ["istio-ingress/public"],
      exportTo: ["istio-ingress"],
      http: [
        {
          name: "vllm",
          match: [{ uri: { prefix: "/v1/" } }],
          route: [{ destination: { host: "vllm.llm-inference.svc.cluster.local", port: { number: 8000 } } }],
          timeout: "300s",
          retries: { attempts: 2, retryOn: "connect-failure,refused-stream", perTryTimeout: "300s" },
        },
      ],
    });
  });

  test("per-pod rate limit: local_ratelimit on the sidecar's inbound chain, 100% enforced, pinned to the minor", () => {
    const filter = named(
      rateLimitFilters(NS, resolveMesh(meshArgs())),
      "EnvoyFilter",
      "ratelimit-embed",
    ).spec;
    assert.deepEqual(filter.workloadSelector, { labels: { app: "embed" } });
    const [patch] = filter.configPatches;
    assert.equal(filter.configPatches.length, 1);
    assert.equal(patch.applyTo, "HTTP_FILTER");
    assert.equal(patch.match.context, "SIDECAR_INBOUND");
    assert.equal(patch.match.proxy.proxyVersion, "^1\\.30([.-].*)?$");
    assert.equal(
      patch.match.listener.filterChain.filter.name,
      "envoy.filters.network.http_connection_manager",
    );
    assert.equal(patch.patch.operation, "INSERT_BEFORE");
    assert.equal(patch.patch.value.name, "envoy.filters.http.local_ratelimit");
    const config = patch.patch.value.typed_config;
    assert.equal(
      config["@type"],
      "type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit",
    );
    assert.deepEqual(config.token_bucket, { max_tokens: 50, tokens_per_fill: 50, fill_interval: "1s" });
    for (const key of ["filter_enabled", "filter_enforced"])
      assert.deepEqual(config[key].default_value, { numerator: 100, denominator: "HUNDRED" });
    assert.deepEqual(config.response_headers_to_add[0].header, {
      key: "x-rampart-rate-limited",
      value: "true",
    });
  });

  test("the proxy version regex admits every patch of the minor and nothing else", () => {
    const re = new RegExp(proxyVersionRegex("1.30.2"));
    for (const v of ["1.30.0", "1.30.2", "1.30.11", "1.30-dev"]) assert.ok(re.test(v), v);
    for (const v of ["1.3.0", "1.31.0", "1.300.1", "11.30.0", "2.30.0"]) assert.ok(!re.test(v), v);
  });
});

describe("NetworkPolicies with mesh", () => {
  const policies = () => networkPolicies(NS, "istio-ingress", [], undefined, resolveMesh(meshArgs()));
  const spec = (name: string): any => {
    const p = policies().find((x) => x.metadata.name === name);
    assert.ok(p, name);
    return p.spec;
  };

  test("no namespace-wide ingress: the gateway reaches only the endpoints' pods on their API ports", () => {
    const names = policies().map((p) => p.metadata.name);
    assert.deepEqual(names, [
      "default-deny-all",
      "allow-dns",
      "allow-gateway-to-vllm",
      "allow-scrape-vllm",
      "allow-gateway-to-embed",
      "allow-scrape-embed",
      "allow-egress-istiod",
      "allow-egress-dependency-vectors",
      "quarantine",
    ]);
    assert.deepEqual(spec("allow-gateway-to-embed"), {
      podSelector: { matchLabels: { app: "embed" }, matchExpressions: [NOT_QUARANTINED] },
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "istio-ingress" } } }],
          ports: [{ protocol: "TCP", port: 9000 }],
        },
      ],
    });
  });

  test("the scraper reaches the metrics port and Istio's merged metrics (15020) only", () => {
    assert.deepEqual(spec("allow-scrape-vllm").ingress[0].ports, [
      { protocol: "TCP", port: 8000 },
      { protocol: "TCP", port: 15020 },
    ]);
    assert.deepEqual(spec("allow-scrape-embed").ingress[0].ports, [
      { protocol: "TCP", port: 9090 },
      { protocol: "TCP", port: 15020 },
    ]);
    assert.deepEqual(spec("allow-scrape-embed").ingress[0].from, [
      { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } },
    ]);
  });

  test("sidecars reach istiod on 15012; in-mesh dependencies on their port", () => {
    assert.deepEqual(spec("allow-egress-istiod"), {
      podSelector: { matchExpressions: [NOT_QUARANTINED] },
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "istio-system" } },
              podSelector: { matchLabels: { app: "istiod" } },
            },
          ],
          ports: [{ protocol: "TCP", port: 15012 }],
        },
      ],
    });
    assert.deepEqual(spec("allow-egress-dependency-vectors").egress, [
      {
        to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "vector-db" } } }],
        ports: [{ protocol: "TCP", port: 6333 }],
      },
    ]);
  });

  test("without mesh, today's policies are unchanged", () => {
    const plainPolicies = networkPolicies(NS, "istio-ingress", []);
    assert.deepEqual(
      plainPolicies.map((p) => p.metadata.name),
      ["default-deny-all", "allow-dns", "allow-mesh-ingress", "quarantine"],
    );
  });
});

describe("properties", () => {
  const label = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
  const endpoint = fc.record({
    name: label,
    port: fc.integer({ min: 1024, max: 14999 }),
    metricsPort: fc.option(fc.integer({ min: 1024, max: 14999 }), { nil: undefined }),
    hosts: fc.array(
      label.map((l) => `${l}.example.com`),
      { minLength: 1, maxLength: 3 },
    ),
    pathPrefix: fc.constantFrom("/v1/", "/api/", "/embed/v2/"),
  });
  const args = fc
    .record({
      gwNs: label,
      gwSa: label,
      scraperNs: label,
      scraperSa: label,
      jwt: fc.boolean(),
      endpoints: fc.uniqueArray(endpoint, { minLength: 1, maxLength: 4, selector: (e) => e.name }),
    })
    .map((r): NamespaceMeshArgs => ({
      meshVersion: "1.31.0",
      gateway: { namespace: r.gwNs, serviceAccount: r.gwSa, gatewayRef: `${r.gwNs}/gw` },
      scraper: { namespace: r.scraperNs, serviceAccount: r.scraperSa },
      ...(r.jwt
        ? {
            jwt: {
              issuer: "https://idp.example.com",
              jwksUri: "https://idp.example.com/jwks",
              audiences: ["a"],
            },
          }
        : {}),
      endpoints: r.endpoints,
    }));

  test("no ALLOW rule admits anyone but the gateway and the scraper, and none lacks a source or a port", () => {
    fc.assert(
      fc.property(args, (a) => {
        const allowed = new Set([
          `cluster.local/ns/${a.gateway.namespace}/sa/${a.gateway.serviceAccount}`,
          `cluster.local/ns/${a.scraper!.namespace}/sa/${a.scraper!.serviceAccount}`,
        ]);
        const gateway = `cluster.local/ns/${a.gateway.namespace}/sa/${a.gateway.serviceAccount}`;
        const policies = authorizationPolicies(NS, resolveMesh(a));
        assert.deepEqual(policies[0]!.spec, {}, "allow-nothing comes first");
        for (const policy of policies.slice(1)) {
          const spec = policy.spec as any;
          const isGatewayRule = policy.metadata.name.startsWith("allow-gateway-");
          assert.equal(spec.action, "ALLOW");
          assert.ok(spec.selector?.matchLabels?.app, "every allow selects its endpoint's pods");
          assert.ok(spec.rules.length > 0);
          for (const rule of spec.rules) {
            assert.ok(rule.from?.length > 0, "a rule without from would allow everyone");
            assert.ok(rule.to?.length > 0, "a rule without to would allow every port and path");
            for (const { source } of rule.from) {
              assert.deepEqual(
                Object.keys(source).filter((k) => k !== "principals" && k !== "requestPrincipals"),
                [],
              );
              assert.ok(source.principals.length > 0);
              for (const p of source.principals) assert.ok(allowed.has(p), p);
              if (isGatewayRule) {
                assert.deepEqual(source.principals, [gateway]);
                assert.deepEqual(source.requestPrincipals, a.jwt ? [`${a.jwt.issuer}/*`] : undefined);
              }
            }
            for (const { operation } of rule.to) assert.ok(operation.ports.length > 0);
          }
        }
      }),
    );
  });

  test("every mesh ingress NetworkPolicy names its source and its ports", () => {
    fc.assert(
      fc.property(args, (a) => {
        const policies = networkPolicies(NS, a.gateway.namespace, [], undefined, resolveMesh(a));
        for (const p of policies)
          for (const rule of (p.spec.ingress ?? []) as any[]) {
            assert.ok(rule.from?.length > 0, `${p.metadata.name}: ingress from anywhere`);
            assert.ok(rule.ports?.length > 0, `${p.metadata.name}: ingress on every port`);
          }
      }),
    );
  });
});
