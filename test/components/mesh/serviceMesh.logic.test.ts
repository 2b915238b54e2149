import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import Ajv from "ajv";
import fc from "fast-check";
import {
  SERVICE_MESH_DEFAULTS,
  validateServiceMeshArgs,
  type ServiceMeshPlainArgs,
} from "../../../components/mesh/serviceMesh.logic";
import { cniValues, gatewayValues, istiodValues } from "../../../components/mesh/serviceMesh.values";
import {
  ENVOY,
  gatewayRateLimit,
  gatewayRequestSizeLimit,
  ingressGateway,
  proxyVersionRegex,
  tokenBucket,
} from "../../../components/mesh/serviceMesh.manifests";
import { formatProblem } from "../../../components/shared/problems";

const GOOD: ServiceMeshPlainArgs = {
  version: "1.30.3",
  gateway: { hosts: ["api.example.com"] },
  jwt: {
    issuer: "https://login.example.com/",
    jwksUri: "https://login.example.com/.well-known/jwks.json",
    audiences: ["rampart"],
  },
};

/** Problems of GOOD with one edit, formatted as the component reports them. */
const problemsWith = (edit: Partial<ServiceMeshPlainArgs>) =>
  validateServiceMeshArgs({ ...GOOD, ...edit }).map((p) => formatProblem(p));

describe("validateServiceMeshArgs", () => {
  test("the defaults and a full valid configuration pass", () => {
    assert.deepEqual(validateServiceMeshArgs(GOOD), []);
    assert.deepEqual(
      validateServiceMeshArgs({
        ...GOOD,
        imageHub: "123456789012.dkr.ecr.us-east-1.amazonaws.com/istio",
        ca: { mode: "generated", rootValidityDays: 3650, intermediateValidityDays: 180, renewBeforeDays: 30 },
        mtls: "STRICT",
        outboundTrafficPolicy: "REGISTRY_ONLY",
        tolerateTaints: ["nvidia.com/gpu", "dedicated"],
        vpcCidrs: ["10.50.0.0/16", "100.64.0.0/16"],
        controlPlaneCidrs: ["10.50.32.0/24", "10.50.33.0/24"],
        upstreamPorts: [8000, 8080],
        scraperNamespace: "observability",
        gateway: {
          hosts: ["api.example.com", "*.llm.example.com"],
          replicas: 3,
          rateLimitPerUser: { requestsPerMinute: 120, burst: 30 },
          maxRequestBytes: 2_097_152,
        },
      }),
      [],
    );
  });

  // One bad field -> exactly one problem naming the field, the value and what was expected.
  const cases: [string, Partial<ServiceMeshPlainArgs>, string][] = [
    [
      "version",
      { version: "1.30" },
      'version: "1.30" is not a pinned Istio version (expected "X.Y.Z", e.g. "1.30.5")',
    ],
    [
      "unsupported minor",
      { version: "1.24.3" },
      'version: "1.24.3" is not a supported Istio release for Kubernetes 1.33 (expected 1.30 or 1.31.x)',
    ],
    ["imageHub", { imageHub: "Docker.io/Istio/" }, 'imageHub: "Docker.io/Istio/" is not a registry prefix'],
    ["mtls", { mtls: "DISABLE" as never }, 'mtls: "DISABLE" is not a mesh-wide mTLS mode'],
    [
      "outbound",
      { outboundTrafficPolicy: "ANY" as never },
      'outboundTrafficPolicy: "ANY" is not an outbound policy',
    ],
    [
      "proxy quantity",
      { proxyResources: { ...SERVICE_MESH_DEFAULTS.proxyResources, memoryLimit: "lots" } },
      'proxyResources.memoryLimit: "lots" is not a positive Kubernetes quantity',
    ],
    [
      "proxy request above limit",
      { proxyResources: { ...SERVICE_MESH_DEFAULTS.proxyResources, cpuRequest: "2" } },
      'proxyResources.cpuRequest: "2" is above proxyResources.cpuLimit (1)',
    ],
    [
      "jwt issuer",
      { jwt: { ...GOOD.jwt!, issuer: "http://login.example.com/" } },
      'jwt.issuer: "http://login.example.com/" is not an https URL',
    ],
    [
      "jwt jwks",
      { jwt: { ...GOOD.jwt!, jwksUri: "login.example.com/jwks" } },
      'jwt.jwksUri: "login.example.com/jwks" is not an https URL',
    ],
    ["jwt audiences", { jwt: { ...GOOD.jwt!, audiences: [] } }, "jwt.audiences: [] is empty"],
    ["hosts empty", { gateway: { hosts: [] } }, "gateway.hosts: [] is empty"],
    [
      "host",
      { gateway: { hosts: ["API.example.com"] } },
      'gateway.hosts[0]: "API.example.com" is not a host name',
    ],
    [
      "host twice",
      { gateway: { hosts: ["a.example.com", "a.example.com"] } },
      'gateway.hosts[1]: "a.example.com" is listed twice (expected each host once)',
    ],
    [
      "replicas",
      { gateway: { hosts: ["a.example.com"], replicas: 0 } },
      "gateway.replicas: 0 is not a replica count (expected a whole number from 1 to 50)",
    ],
    [
      "rate",
      { gateway: { hosts: ["a.example.com"], rateLimitPerUser: { requestsPerMinute: 0.5 } } },
      "gateway.rateLimitPerUser.requestsPerMinute: 0.5 is out of range (expected a whole number from 1 to 60000)",
    ],
    [
      "burst",
      { gateway: { hosts: ["a.example.com"], rateLimitPerUser: { requestsPerMinute: 60, burst: 0 } } },
      "gateway.rateLimitPerUser.burst: 0 is out of range (expected a whole number from 1 to 60000)",
    ],
    [
      "body size",
      { gateway: { hosts: ["a.example.com"], maxRequestBytes: 10 } },
      "gateway.maxRequestBytes: 10 is out of range (expected a whole number of bytes from 1024 to 67108864, 64 MiB)",
    ],
    [
      "taint",
      { tolerateTaints: ["nvidia.com/"] },
      'tolerateTaints[0]: "nvidia.com/" is not a Kubernetes taint key',
    ],
    ["vpcCidrs empty", { vpcCidrs: [] }, "vpcCidrs: [] is empty"],
    ["vpcCidr", { vpcCidrs: ["10.50.0.0/33"] }, 'vpcCidrs[0]: "10.50.0.0/33" is not a valid IPv4 CIDR'],
    [
      "control plane CIDR not a network",
      { controlPlaneCidrs: ["10.50.1.7/24"] },
      'controlPlaneCidrs[0]: "10.50.1.7/24" is not a network address',
    ],
    ["upstream port", { upstreamPorts: [8000, 70000] }, "upstreamPorts[1]: 70000 is not a TCP port"],
    [
      "scraper namespace",
      { scraperNamespace: "Monitoring" },
      'scraperNamespace: "Monitoring" is not a lowercase DNS label',
    ],
    [
      "intermediate outlives root",
      { ca: { mode: "generated", rootValidityDays: 365, intermediateValidityDays: 400 } },
      "ca.intermediateValidityDays: 400 outlives its root (expected fewer days than ca.rootValidityDays, 365: a CA cannot outlive its issuer)",
    ],
    [
      "renewal window",
      { ca: { mode: "generated", intermediateValidityDays: 90, renewBeforeDays: 60 } },
      "ca.renewBeforeDays: 60 is too long (expected at most half of ca.intermediateValidityDays, 90, or every run would renew)",
    ],
    [
      "root too short",
      { ca: { mode: "generated", rootValidityDays: 30 } },
      "ca.rootValidityDays: 30 is not a lifetime (expected a whole number of days, at least 365)",
    ],
  ];
  for (const [label, edit, expected] of cases)
    test(`rejects ${label} with one problem`, () => {
      const found = problemsWith(edit);
      assert.equal(found.length, 1, found.join("\n"));
      assert.ok(found[0]!.startsWith(expected), `${found[0]}\n  does not start with\n${expected}`);
    });

  test("provided CA: PEM shapes checked, the key must be a secret and is never echoed", () => {
    const found = problemsWith({
      ca: {
        mode: "provided",
        rootCertPem: "not a pem",
        intermediateCertPem: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        certChainPem: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        intermediateKeyPem: "-----BEGIN EC PRIVATE KEY-----\nsecret-material\n-----END EC PRIVATE KEY-----\n",
      },
    });
    assert.deepEqual(found, [
      'ca.rootCertPem: "(PEM withheld)" is not a PEM certificate',
      'ca.intermediateKeyPem: "(key withheld)" is a plain string (pass it as a Pulumi secret: pulumi.secret(...) or a secret config value)',
    ]);
    assert.ok(!found.join("").includes("secret-material"));
  });

  test("several bad fields: every problem at once", () => {
    const found = problemsWith({
      version: "latest",
      mtls: "OFF" as never,
      gateway: { hosts: [], replicas: -1 },
    });
    assert.equal(found.length, 4, found.join("\n"));
  });
});

describe("Helm values", () => {
  const schema = JSON.parse(
    fs.readFileSync(
      path.join(__dirname, "../../fixtures/charts/istio-gateway-1.30.3.values.schema.json"),
      "utf8",
    ),
  ) as Record<string, unknown>;
  // The chart's schema names the legacy "http://json-schema.org/schema#" meta-schema, which Ajv does not
  // ship: validate with the draft-07 default, as Helm (draft-07 capable) does.
  const { $schema: _ignored, ...body } = schema;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(body);

  test("our gateway values pass the gateway chart's own values schema (1.30.3)", () => {
    for (const replicas of [1, 2, 5]) {
      const values = gatewayValues({ replicas, resources: SERVICE_MESH_DEFAULTS.proxyResources });
      assert.ok(validate(values), JSON.stringify(validate.errors));
    }
  });

  test("the schema check is not vacuous: a misspelt key and a bad kind fail", () => {
    const values = gatewayValues({ replicas: 2, resources: SERVICE_MESH_DEFAULTS.proxyResources });
    assert.equal(validate({ ...values, replicas: 2 }), false);
    assert.equal(validate({ ...values, kind: "StatefulSet" }), false);
  });

  test("gateway: NodePort on the shared node ports, Local traffic policy, no plain HTTP, non-root", () => {
    const v = gatewayValues({ replicas: 2, resources: SERVICE_MESH_DEFAULTS.proxyResources });
    assert.equal(v.service.type, "NodePort");
    assert.equal(v.service.externalTrafficPolicy, "Local");
    assert.deepEqual(
      v.service.ports.map((p) => [p.name, p.port, p.nodePort]),
      [
        ["status-port", 15021, 30021],
        ["https", 443, 30443],
      ],
    );
    assert.equal(v.replicaCount, 2);
    assert.deepEqual(v.autoscaling, { enabled: false });
    assert.equal(v.securityContext.runAsNonRoot, true);
    assert.deepEqual(v.securityContext.seccompProfile, { type: "RuntimeDefault" });
    assert.deepEqual(v.containerSecurityContext.capabilities, { drop: ["ALL"] });
    assert.equal(v.containerSecurityContext.allowPrivilegeEscalation, false);
    assert.deepEqual(v.nodeSelector, { "rampart.io/node-role": "system" });
    assert.deepEqual(v.podDisruptionBudget, { minAvailable: 1 });
    assert.deepEqual(
      gatewayValues({ replicas: 1, resources: SERVICE_MESH_DEFAULTS.proxyResources }).podDisruptionBudget,
      {},
    );
  });

  test("the charts' own NetworkPolicies (all egress, istiod's debug ports) stay off in every chart", () => {
    const res = SERVICE_MESH_DEFAULTS.proxyResources;
    const all = [
      cniValues("docker.io/istio", "1.30.3", []).global,
      istiodValues({
        hub: "h",
        version: "1.30.3",
        outboundTrafficPolicy: "REGISTRY_ONLY",
        proxyResources: res,
      }).global,
      gatewayValues({ replicas: 2, resources: res }).global,
    ];
    for (const g of all) assert.deepEqual(g.networkPolicy, { enabled: false });
  });

  test("cni: tolerates every configured taint by name, and every NoSchedule/NoExecute taint", () => {
    const v = cniValues("docker.io/istio", "1.30.3", ["nvidia.com/gpu", "dedicated"]);
    assert.deepEqual(v.global, { hub: "docker.io/istio", tag: "1.30.3", networkPolicy: { enabled: false } });
    for (const key of ["nvidia.com/gpu", "dedicated"])
      assert.ok(v.tolerations.some((t) => "key" in t && t.key === key && t.operator === "Exists"));
    assert.ok(
      v.tolerations.some((t) => !("key" in t) && t.effect === "NoSchedule" && t.operator === "Exists"),
    );
  });

  test("istiod: CNI on, REGISTRY_ONLY, JSON access logs to stdout, bounded sidecars, images from the hub", () => {
    const v = istiodValues({
      hub: "example.com/istio",
      version: "1.30.3",
      outboundTrafficPolicy: "REGISTRY_ONLY",
      proxyResources: SERVICE_MESH_DEFAULTS.proxyResources,
    });
    assert.deepEqual(v.cni, { enabled: true });
    assert.deepEqual(v.meshConfig, {
      outboundTrafficPolicy: { mode: "REGISTRY_ONLY" },
      accessLogFile: "/dev/stdout",
      accessLogEncoding: "JSON",
    });
    assert.deepEqual(v.global.proxy.resources, {
      requests: { cpu: "100m", memory: "128Mi" },
      limits: { cpu: "1", memory: "512Mi" },
    });
    assert.equal(v.global.hub, "example.com/istio");
    assert.equal(v.global.tag, "1.30.3");
  });
});

describe("gateway Envoy filters", () => {
  test("proxyVersion pins the Istio minor", () => {
    const re = new RegExp(proxyVersionRegex("1.30.3"));
    assert.ok(re.test("1.30.3") && re.test("1.30.0"));
    assert.ok(!re.test("1.31.0") && !re.test("1.3.0") && !re.test("11.30.1"));
  });

  test("token bucket: the configured sustained rate, burst capacity, fill interval >= 50 ms", () => {
    assert.deepEqual(tokenBucket(60, 20), { max_tokens: 20, tokens_per_fill: 1, fill_interval: "1s" });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60_000 }), fc.integer({ min: 1, max: 1000 }), (rpm, burst) => {
        const b = tokenBucket(rpm, burst);
        const ms = Number(b.fill_interval.slice(0, -1)) * 1000;
        assert.ok(ms >= 50, `fill interval ${b.fill_interval}`);
        // Within 2% of the asked-for rate (interval rounded to the millisecond).
        const perMinute = (b.tokens_per_fill * 60_000) / ms;
        assert.ok(Math.abs(perMinute - rpm) / rpm < 0.02, `${perMinute} vs ${rpm}`);
        assert.ok(b.max_tokens >= b.tokens_per_fill && b.max_tokens >= burst);
      }),
    );
  });

  test("per-caller rate limit: one wildcard bucket per JWT subject and per API key, on the gateway only", () => {
    const f = gatewayRateLimit({
      istioVersion: "1.30.3",
      requestsPerMinute: 60,
      burst: 20,
      jwt: true,
    }) as any;
    assert.equal(f.apiVersion, "networking.istio.io/v1alpha3");
    assert.deepEqual(f.spec.workloadSelector, { labels: { istio: "ingressgateway" } });
    const [strip, patch] = f.spec.configPatches;
    // First of all filters: the client's own x-rampart-user is removed before jwt_authn adds the verified one.
    assert.equal(strip.applyTo, "HTTP_FILTER");
    assert.equal(strip.match.context, "GATEWAY");
    assert.equal(strip.match.proxy.proxyVersion, "^1\\.30\\..*");
    assert.equal(strip.patch.operation, "INSERT_FIRST");
    assert.deepEqual(strip.patch.value, {
      name: "envoy.filters.http.header_mutation",
      typed_config: {
        "@type": "type.googleapis.com/envoy.extensions.filters.http.header_mutation.v3.HeaderMutation",
        mutations: { request_mutations: [{ remove: "x-rampart-user" }] },
      },
    });
    assert.equal(patch.applyTo, "HTTP_FILTER");
    assert.equal(patch.match.context, "GATEWAY");
    assert.equal(patch.match.proxy.proxyVersion, "^1\\.30\\..*");
    assert.deepEqual(patch.match.listener.filterChain.filter, {
      name: "envoy.filters.network.http_connection_manager",
      subFilter: { name: "envoy.filters.http.router" },
    });
    assert.equal(patch.patch.operation, "INSERT_BEFORE");
    assert.equal(patch.patch.value.name, "envoy.filters.http.local_ratelimit");
    const c = patch.patch.value.typed_config;
    assert.equal(
      c["@type"],
      "type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit",
    );
    assert.equal(ENVOY.localRateLimitType, c["@type"]);
    // Enabled and enforced for every request (Envoy's defaults are 0%: a filter that does nothing).
    assert.equal(c.filter_enabled.default_value.numerator, 100);
    assert.equal(c.filter_enforced.default_value.numerator, 100);
    assert.equal(c.always_consume_default_token_bucket, false);
    assert.equal(c.max_dynamic_descriptors, 10_000);
    assert.deepEqual(c.rate_limits, [
      { actions: [{ request_headers: { header_name: "x-rampart-user", descriptor_key: "user" } }] },
      { actions: [{ request_headers: { header_name: "x-api-key", descriptor_key: "api_key" } }] },
    ]);
    const bucket = { max_tokens: 20, tokens_per_fill: 1, fill_interval: "1s" };
    // An entry without a value is the wildcard: a bucket per distinct value.
    assert.deepEqual(c.descriptors, [
      { entries: [{ key: "user" }], token_bucket: bucket },
      { entries: [{ key: "api_key" }], token_bucket: bucket },
    ]);
    assert.deepEqual(c.token_bucket, bucket);
  });

  test("without a JWT issuer the client-set user header is not a key", () => {
    const f = gatewayRateLimit({
      istioVersion: "1.30.3",
      requestsPerMinute: 60,
      burst: 20,
      jwt: false,
    }) as any;
    assert.equal(f.spec.configPatches.length, 1);
    const c = f.spec.configPatches[0].patch.value.typed_config;
    assert.deepEqual(
      c.descriptors.map((d: any) => d.entries[0].key),
      ["api_key"],
    );
  });

  test("request-size limit: the buffer filter with max_request_bytes", () => {
    const f = gatewayRequestSizeLimit("1.31.0", 1_048_576) as any;
    const patch = f.spec.configPatches[0];
    assert.equal(patch.match.proxy.proxyVersion, "^1\\.31\\..*");
    assert.deepEqual(patch.patch.value, {
      name: "envoy.filters.http.buffer",
      typed_config: {
        "@type": "type.googleapis.com/envoy.extensions.filters.http.buffer.v3.Buffer",
        max_request_bytes: 1_048_576,
      },
    });
  });

  test("Gateway: one HTTPS server, TLS 1.2+, no plain HTTP", () => {
    const g = ingressGateway(["api.example.com"]) as any;
    assert.equal(g.spec.servers.length, 1);
    assert.deepEqual(g.spec.servers[0], {
      port: { number: 443, name: "https", protocol: "HTTPS" },
      hosts: ["api.example.com"],
      tls: { mode: "SIMPLE", credentialName: "public-gateway-tls", minProtocolVersion: "TLSV1_2" },
    });
  });
});
