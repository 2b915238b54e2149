import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { runStack, type StackName } from "../helpers/harness";
import { ns0, problemsOf } from "./configProblems";

/**
 * `rampart:mesh`, `rampart:edge` and `rampart:namespaces[].mesh`: every bad value is refused with one
 * line naming the key, the value and what was expected; the rules that tie the mesh to the edge, the
 * namespaces and the VPC's egress; and what prod refuses. Each case is one mutation of a valid stack
 * config, parsed as the program parses it (no resources: parseConfig registers nothing).
 */

/** Exact lines: the schema's wording and the stack rules', which this branch owns. */
const exact: [string, StackName, (c: Record<string, any>) => void, string[]][] = [
  [
    "a typo in a mesh key",
    "dev",
    (c) => (c["rampart:mesh"].mtsl = "STRICT"),
    ['rampart:mesh.mtsl: unknown key (did you mean "rampart:mesh.mtls"?)'],
  ],
  [
    "a typo in a namespace endpoint key",
    "dev",
    (c) => (ns0(c).mesh.endpoints[0].prot = 8000),
    [
      'rampart:namespaces[0].mesh.endpoints[0].prot: unknown key (did you mean "rampart:namespaces[0].mesh.endpoints[0].port"?)',
    ],
  ],
  [
    "a typo in an edge WAF key",
    "dev",
    (c) => (c["rampart:edge"].waf = { rateLimitPerIP: 100 }),
    ['rampart:edge.waf.rateLimitPerIP: unknown key (did you mean "rampart:edge.waf.rateLimitPerIp"?)'],
  ],
  [
    "an mTLS mode Istio has but we do not allow",
    "dev",
    (c) => (c["rampart:mesh"].mtls = "DISABLE"),
    ['rampart:mesh.mtls: "DISABLE" is not allowed (expected one of "STRICT", "PERMISSIVE")'],
  ],
  [
    "a WAF window AWS does not offer",
    "dev",
    (c) => (c["rampart:edge"].waf = { evaluationWindowSeconds: 30 }),
    ["rampart:edge.waf.evaluationWindowSeconds: 30 is not allowed (expected one of 60, 120, 300, 600)"],
  ],
  [
    "gateway replicas as text",
    "dev",
    (c) => (c["rampart:mesh"].gateway.replicas = "two"),
    ['rampart:mesh.gateway.replicas: "two" has the wrong type (expected number)'],
  ],
  [
    "an Istio version YAML read as a number",
    "dev",
    (c) => (c["rampart:mesh"].version = 1.3),
    [
      'rampart:mesh.version: 1.3 is a number where a string is expected (quote it in the YAML: unquoted, 1.30 is read as the number 1.3; write "1.30")',
    ],
  ],
  [
    "an enabled mesh without a version",
    "dev",
    (c) => delete c["rampart:mesh"].version,
    ['rampart:mesh.version: missing (expected the Istio release, e.g. "1.30.5", when the mesh is enabled)'],
  ],
  [
    "an enabled mesh without a gateway",
    "dev",
    (c) => {
      delete c["rampart:mesh"].gateway;
      delete ns0(c).mesh;
      // No endpoint, so no model server behind it.
      c["rampart:models"] = [];
    },
    [
      "rampart:mesh.gateway: missing (expected {hosts: [...]}, the gateway's public host names, when the mesh is enabled)",
    ],
  ],
  [
    "an endpoint host the gateway does not serve",
    "dev",
    (c) => (ns0(c).mesh.endpoints[0].hosts = ["api.dev.example.com", "other.example.com"]),
    [
      'rampart:namespaces[0].mesh.endpoints[0].hosts[1]: "other.example.com" is not served by the gateway (expected one of rampart:mesh.gateway.hosts: api.dev.example.com)',
    ],
  ],
  [
    "an external dependency with endpoints-only egress",
    "dev",
    (c) => (ns0(c).mesh.dependencies = [{ name: "vendor", host: "api.vendor.com", external: true }]),
    [
      'rampart:namespaces[0].mesh.dependencies[0].host: "api.vendor.com" is unreachable: private tiers reach outside the VPC only in egress mode "firewall" (rampart:network.egress.mode is "endpoints-only")',
    ],
  ],
  [
    "an external dependency the allow-list does not admit",
    "prod",
    (c) => (ns0(c).mesh.dependencies = [{ name: "vendor", host: "api.vendor.com", external: true }]),
    [
      'rampart:namespaces[0].mesh.dependencies[0].host: "api.vendor.com" is not on rampart:network.egress.allowedDomains (expected an allow-listed domain; adding one is a security decision)',
    ],
  ],
  [
    "an external dependency from a namespace without HTTPS outside the VPC, on another port",
    "prod",
    (c) => {
      ns0(c).egressOutsideVpc = false;
      ns0(c).mesh.dependencies = [{ name: "hub", host: "cdn.hf.co", port: 8443, external: true }];
    },
    [
      "rampart:namespaces[0].mesh.dependencies[0].port: 8443 is not 443 (the firewall and the NetworkPolicy admit HTTPS on 443 only)",
      'rampart:namespaces[0].egressOutsideVpc: false must be true: dependency "hub" is outside the VPC',
    ],
  ],
  [
    "the edge without the mesh",
    "dev",
    (c) => {
      c["rampart:mesh"] = { enabled: false };
      delete ns0(c).mesh;
    },
    [
      "rampart:edge.enabled: true needs the service mesh (rampart:mesh, enabled): the load balancer targets the mesh ingress gateway",
    ],
  ],
  [
    "a mesh namespace without the mesh",
    "dev",
    (c) => {
      delete c["rampart:mesh"];
      delete c["rampart:edge"];
    },
    [
      'rampart:namespaces[0].mesh: {"endpoints":[{"name":"vllm","port":8000,"hosts":["api.dev.example.com"]}],"d... needs the service mesh (rampart:mesh, enabled)',
    ],
  ],
  [
    "an enabled edge without a certificate",
    "dev",
    (c) => delete c["rampart:edge"].certificateArn,
    [
      'rampart:edge.certificateArn: missing (expected an ACM certificate ARN ("arn:aws:acm:<region>:<account>:certificate/<id>") when the edge is enabled)',
    ],
  ],
  [
    "a certificate from another region",
    "dev",
    (c) =>
      (c["rampart:edge"].certificateArn =
        "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"),
    [
      'rampart:edge.certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-55555... is in eu-west-1, not in aws:region=us-east-1 (ACM certificates are regional; request or import one in us-east-1)',
    ],
  ],
  [
    "a provided CA without its PEMs or its key",
    "dev",
    (c) => (c["rampart:mesh"].ca = { mode: "provided", rootCertPem: "-----BEGIN CERTIFICATE-----\nMII\n" }),
    [
      // The component's own check: a truncated PEM is not a certificate.
      'rampart:mesh.ca.rootCertPem: "(PEM withheld)" is not a PEM certificate',
      'rampart:mesh.ca.intermediateCertPem: missing (expected a PEM, with ca.mode "provided")',
      'rampart:mesh.ca.certChainPem: missing (expected a PEM, with ca.mode "provided")',
      'rampart:meshCaKey: missing (expected the intermediate CA\'s private key with ca.mode "provided": pulumi config set --secret rampart:meshCaKey < ca-key.pem)',
    ],
  ],
  [
    "two namespaces routing the same host and prefix through the one gateway",
    "dev",
    (c) =>
      c["rampart:namespaces"].push({
        ...c["rampart:namespaces"][0],
        name: "batch",
        mesh: { endpoints: [{ name: "other", hosts: ["api.dev.example.com"] }] },
      }),
    [
      'rampart:namespaces[1].mesh.endpoints[0].hosts[0]: "api.dev.example.com" is routed with the same pathPrefix by rampart:namespaces[0] (expected each host and prefix in one namespace)',
    ],
  ],
  [
    "a PEM given to a generated CA",
    "dev",
    (c) => (c["rampart:mesh"].ca = { rootCertPem: "x" }),
    ['rampart:mesh.ca.rootCertPem: "x" is set but ca.mode is "generated" (remove it, or set mode: provided)'],
  ],
  // Prod refuses each loosening.
  [
    "no mesh in prod",
    "prod",
    (c) => {
      delete c["rampart:mesh"];
      delete c["rampart:edge"];
      delete ns0(c).mesh;
    },
    [
      "rampart:mesh: missing (expected the service mesh in prod: prod runs every service in the mesh (mutual TLS, allow-nothing authorization))",
      "rampart:edge: missing (expected the edge in prod: prod serves inference only through the edge: TLS 1.2+ and AWS WAF in front of the mesh gateway)",
    ],
  ],
  [
    "the mesh disabled in prod",
    "prod",
    (c) => {
      c["rampart:mesh"].enabled = false;
      c["rampart:edge"].enabled = false;
      delete ns0(c).mesh;
    },
    [
      "rampart:mesh.enabled: false must be true in prod (prod runs every service in the mesh (mutual TLS, allow-nothing authorization))",
      "rampart:edge.enabled: false must be true in prod (prod serves inference only through the edge: TLS 1.2+ and AWS WAF in front of the mesh gateway)",
    ],
  ],
  [
    "PERMISSIVE mTLS in prod",
    "prod",
    (c) => (c["rampart:mesh"].mtls = "PERMISSIVE"),
    [
      'rampart:mesh.mtls: "PERMISSIVE" must be "STRICT" in prod (PERMISSIVE accepts plaintext between services)',
    ],
  ],
  [
    "ALLOW_ANY egress from sidecars in prod",
    "prod",
    (c) => (c["rampart:mesh"].outboundTrafficPolicy = "ALLOW_ANY"),
    [
      'rampart:mesh.outboundTrafficPolicy: "ALLOW_ANY" must be "REGISTRY_ONLY" in prod (ALLOW_ANY lets sidecars reach any host)',
    ],
  ],
  [
    "an inference API without SSO in prod",
    "prod",
    (c) => delete c["rampart:mesh"].jwt,
    [
      "rampart:mesh.jwt: missing (expected the SSO issuer in prod: without it the inference APIs llm-inference/vllm are unauthenticated)",
    ],
  ],
  [
    "the load balancer unprotected in prod",
    "prod",
    (c) => (c["rampart:edge"].deletionProtection = false),
    [
      "rampart:edge.deletionProtection: false must be true in prod (the load balancer is protected from deletion)",
    ],
  ],
];

describe("mesh and edge config: one line per problem, with key, value and what was expected", () => {
  test("the program refuses a bad mesh config before registering any resource (clean RunError)", async () => {
    const run = await runStack("prod", {
      edit: (c) => {
        c["rampart:mesh"].mtls = "PERMISSIVE";
        c["rampart:edge"].sslPolicy = "ELBSecurityPolicy-TLS-1-1-2017-01";
      },
    });
    assert.ok(pulumi.RunError.isInstance(run.error), JSON.stringify(run.error));
    assert.deepEqual(run.registered, []);
    const message = run.error.message;
    assert.match(message, /^invalid configuration \(2 problems\):/);
    assert.match(message, /rampart:mesh\.mtls: "PERMISSIVE" must be "STRICT" in prod/);
    assert.match(
      message,
      /rampart:edge\.sslPolicy: "ELBSecurityPolicy-TLS-1-1-2017-01" .*expected one of ELBSecurityPolicy-TLS13-1-2-2021-06/,
    );
  });

  for (const [name, stack, edit, expected] of exact) {
    test(name, () => assert.deepEqual(problemsOf(stack, edit), expected));
  }

  test("dev may loosen what prod refuses (the prod rules are keyed on the environment)", () => {
    const lines = problemsOf("dev", (c) => {
      Object.assign(c["rampart:mesh"], { mtls: "PERMISSIVE", outboundTrafficPolicy: "ALLOW_ANY" });
      delete c["rampart:mesh"].jwt;
      c["rampart:edge"].deletionProtection = false;
    });
    assert.deepEqual(lines, []);
  });

  test("an allow-listed external dependency from a namespace with HTTPS outside the VPC is accepted", () => {
    const lines = problemsOf("prod", (c) => {
      ns0(c).mesh.dependencies = [
        { name: "hub", host: "cdn-lfs.hf.co", external: true },
        { name: "vectors", host: "qdrant.vectors.svc.cluster.local", port: 6333, external: false },
      ];
    });
    assert.deepEqual(lines, []);
  });

  test("a wildcard gateway host serves its subdomains, not the bare domain", () => {
    const lines = problemsOf("dev", (c) => {
      c["rampart:mesh"].gateway.hosts = ["*.example.com"];
      ns0(c).mesh.endpoints[0].hosts = ["api.dev.example.com", "example.com"];
    });
    assert.deepEqual(lines, [
      'rampart:namespaces[0].mesh.endpoints[0].hosts[1]: "example.com" is not served by the gateway (expected one of rampart:mesh.gateway.hosts: *.example.com)',
    ]);
  });
});
