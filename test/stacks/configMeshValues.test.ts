import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseConfig } from "../../stacks/config";
import { flattenConfig, stackConfig, type StackName } from "../helpers/harness";
import { ns0, problemsOf } from "./configProblems";

/**
 * The mesh and edge values whose rules the components own, refused through config by the key the user
 * wrote; and the secret CA key, which never enters the plain config nor a message. (The stack rules'
 * cases are in configMesh.test.ts.)
 */

/**
 * Value checks the components own (ServiceMesh, PublicEdge, InferenceNamespace's mesh). Until their
 * validators merge the config runs interim copies (stacks/config/meshContracts.ts), so these cases
 * pin the key and the value shown and that an expectation is stated, not the components' wording.
 */
const owned: [string, StackName, (c: Record<string, any>) => void, RegExp][] = [
  // TLS below 1.2 at the edge is refused in every environment, as PublicEdge refuses it.
  ...(["dev", "prod"] as const).map(
    (stack): [string, StackName, (c: Record<string, any>) => void, RegExp] => [
      `an ssl policy that allows TLS 1.0 (${stack})`,
      stack,
      (c) => (c["rampart:edge"].sslPolicy = "ELBSecurityPolicy-2016-08"),
      /^rampart:edge\.sslPolicy: "ELBSecurityPolicy-2016-08" .*expected one of ELBSecurityPolicy-TLS13-1-2-2021-06, /,
    ],
  ),
  [
    "an unpinned Istio version",
    "dev",
    (c) => (c["rampart:mesh"].version = "1.30"),
    /^rampart:mesh\.version: "1\.30" .*expected/,
  ],
  [
    "a JWT issuer over plain HTTP",
    "dev",
    (c) => (c["rampart:mesh"].jwt.issuer = "http://login.example.com/"),
    /^rampart:mesh\.jwt\.issuer: "http:\/\/login\.example\.com\/" .*expected .*https/,
  ],
  [
    "a JWKS that is not a URL",
    "dev",
    (c) => (c["rampart:mesh"].jwt.jwksUri = "login.example.com/jwks"),
    /^rampart:mesh\.jwt\.jwksUri: "login\.example\.com\/jwks" .*expected/,
  ],
  [
    "no accepted audience",
    "dev",
    (c) => (c["rampart:mesh"].jwt.audiences = []),
    /^rampart:mesh\.jwt\.audiences: \[\] .*expected/,
  ],
  [
    "a gateway host that is a URL",
    "dev",
    (c) => {
      c["rampart:mesh"].gateway.hosts = ["https://api.dev.example.com"];
      delete ns0(c).mesh;
      c["rampart:models"] = [];
    },
    /^rampart:mesh\.gateway\.hosts\[0\]: "https:\/\/api\.dev\.example\.com" .*expected/,
  ],
  [
    "no gateway replica",
    "dev",
    (c) => (c["rampart:mesh"].gateway.replicas = 0),
    /^rampart:mesh\.gateway\.replicas: 0 .*expected/,
  ],
  [
    "a negative rate limit",
    "dev",
    (c) => (c["rampart:mesh"].gateway.rateLimitPerUser = { requestsPerMinute: -1 }),
    /^rampart:mesh\.gateway\.rateLimitPerUser\.requestsPerMinute: -1 .*expected/,
  ],
  [
    "a proxy limit that is not a quantity",
    "dev",
    (c) =>
      (c["rampart:mesh"].proxyResources = {
        cpuRequest: "100m",
        memoryRequest: "128 MB",
        cpuLimit: "1",
        memoryLimit: "512Mi",
      }),
    /^rampart:mesh\.proxyResources\.memoryRequest: "128 MB" .*expected/,
  ],
  [
    "an intermediate that outlives its root",
    "dev",
    (c) => (c["rampart:mesh"].ca = { rootValidityDays: 365, intermediateValidityDays: 730 }),
    /^rampart:mesh\.ca\.intermediateValidityDays: 730 .*expected/,
  ],
  [
    "a certificate ARN that is not ACM's",
    "dev",
    (c) => (c["rampart:edge"].certificateArn = "arn:aws:iam::123456789012:server-certificate/api"),
    /^rampart:edge\.certificateArn: "arn:aws:iam::123456789012:server-certificate\/api" .*expected/,
  ],
  [
    "a WAF rate below AWS's minimum",
    "dev",
    (c) => (c["rampart:edge"].waf = { rateLimitPerIp: 5 }),
    /^rampart:edge\.waf\.rateLimitPerIp: 5 .*expected/,
  ],
  [
    "a WAF key header with a space",
    "dev",
    (c) => (c["rampart:edge"].waf = { keyHeader: "x api key" }),
    /^rampart:edge\.waf\.keyHeader: "x api key" .*expected/,
  ],
  [
    "a JSON path that is not a path",
    "dev",
    (c) => (c["rampart:edge"].waf = { jsonPathPrefixes: ["v1"] }),
    /^rampart:edge\.waf\.jsonPathPrefixes\[0\]: "v1" .*expected/,
  ],
  [
    "no access log retention",
    "dev",
    (c) => (c["rampart:edge"].accessLogRetentionDays = 0),
    /^rampart:edge\.accessLogRetentionDays: 0 .*expected/,
  ],
  [
    "an endpoint port out of range",
    "dev",
    (c) => (ns0(c).mesh.endpoints[0].port = 70000),
    /^rampart:namespaces\[0\]\.mesh\.endpoints\[0\]\.port: 70000 .*expected/,
  ],
  [
    "an endpoint name that is not a DNS label",
    "dev",
    (c) => {
      ns0(c).mesh.endpoints[0].name = "vLLM";
      // The model server of that name would have no endpoint.
      c["rampart:models"] = [];
    },
    /^rampart:namespaces\[0\]\.mesh\.endpoints\[0\]\.name: "vLLM" .*expected/,
  ],
  [
    "an endpoint path that is not a path",
    "dev",
    (c) => (ns0(c).mesh.endpoints[0].pathPrefix = "v1"),
    /^rampart:namespaces\[0\]\.mesh\.endpoints\[0\]\.pathPrefix: "v1" .*expected/,
  ],
  [
    "an in-cluster dependency without a port",
    "dev",
    (c) =>
      (ns0(c).mesh.dependencies = [
        { name: "vectors", host: "qdrant.vectors.svc.cluster.local", external: false },
      ]),
    /^rampart:namespaces\[0\]\.mesh\.dependencies\[0\]\.port: missing .*expected/,
  ],
];

describe("values the mesh, edge and namespace components own are refused through config, by their rampart: key", () => {
  for (const [name, stack, edit, pattern] of owned) {
    test(name, () => {
      const lines = problemsOf(stack, edit);
      assert.equal(lines.length, 1, JSON.stringify(lines));
      assert.match(lines[0]!, pattern);
    });
  }
});

describe("the mesh CA's private key is a secret", () => {
  const key = "-----BEGIN EC PRIVATE KEY-----\nTOP-SECRET-KEY-MATERIAL\n-----END EC PRIVATE KEY-----";
  const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
  const provided = (c: Record<string, any>) =>
    (c["rampart:mesh"].ca = {
      mode: "provided",
      rootCertPem: pem,
      intermediateCertPem: pem,
      certChainPem: pem,
    });

  test("a provided CA with its key parses, and the key is not in the typed config", () => {
    const raw = stackConfig("dev");
    provided(raw);
    const config = parseConfig({ ...flattenConfig(raw), "rampart:meshCaKey": key }, "dev");
    assert.equal(config.mesh?.ca.mode, "provided");
    assert.ok(!JSON.stringify(config).includes("TOP-SECRET"), "the key never enters the plain config object");
  });

  test("a typo of the key gets a suggestion, and its value is not shown", () => {
    const lines = problemsOf("dev", () => undefined, { "rampart:meshCAkey": key });
    assert.deepEqual(lines, ['rampart:meshCAkey: unknown key (did you mean "rampart:meshCaKey"?)']);
  });

  test("a key set for a generated CA is reported without its value", () => {
    const lines = problemsOf("dev", () => undefined, { "rampart:meshCaKey": key });
    assert.deepEqual(lines, [
      'rampart:meshCaKey: (secret) is set but not used (expected only with rampart:mesh.ca.mode "provided")',
    ]);
  });
});
