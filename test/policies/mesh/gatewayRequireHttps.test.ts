import assert from "node:assert/strict";
import { test } from "node:test";
import { gatewayRequireHttps as policy } from "../../../policy-pack/policies/mesh/gatewayRequireHttps";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { gateway, GW, httpsServer } from "./meshFixtures";

test("HTTPS and TLS servers, and HTTP that redirects, pass (v1, v1beta1, v1alpha3)", async () => {
  const servers = [
    httpsServer(),
    {
      port: { number: 80, name: "http", protocol: "HTTP" },
      hosts: ["api.example.com"],
      tls: { httpsRedirect: true },
    },
    {
      port: { number: 8443, name: "tls", protocol: "tls" },
      hosts: ["api.example.com"],
      tls: { mode: "SIMPLE" },
    },
  ];
  for (const v of ["v1", "v1beta1", "v1alpha3"])
    assert.deepEqual(
      await violations(policy, `kubernetes:networking.istio.io/${v}:Gateway`, gateway(servers)),
      [],
    );
});

test("HTTP without a redirect, and other plain-text protocols, are flagged", async () => {
  assert.deepEqual(
    await violations(
      policy,
      GW,
      gateway([
        { name: "web", port: { number: 80, protocol: "HTTP" }, hosts: ["a.example.com"] },
        { port: { number: 81, protocol: "http" }, hosts: ["a.example.com"], tls: { httpsRedirect: false } },
        { port: { number: 9000, protocol: "GRPC" }, hosts: ["a.example.com"] },
        { port: { number: 5432, protocol: "TCP" }, hosts: ["a.example.com"] },
      ]),
    ),
    [
      'Gateway server "web" serves plain HTTP: set tls.httpsRedirect: true, or use protocol HTTPS.',
      "Gateway server #2 (port 81) serves plain HTTP: set tls.httpsRedirect: true, or use protocol HTTPS.",
      'Gateway server #3 (port 9000) serves plain-text protocol "GRPC": use protocol HTTPS or TLS.',
      'Gateway server #4 (port 5432) serves plain-text protocol "TCP": use protocol HTTPS or TLS.',
    ],
  );
});

test("unknown protocols, redirects or servers are silent; they do not hide a plain server beside them", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: GW,
      props: gateway([
        { port: { number: 80, protocol: UNKNOWN.string } },
        { port: { number: 81, protocol: "HTTP" }, tls: { httpsRedirect: UNKNOWN.boolean } },
        UNKNOWN.object,
        { port: { number: 82, protocol: "HTTP" } },
      ]),
    }),
    {
      violations: [
        "Gateway server #2 (port 81) serves plain HTTP: set tls.httpsRedirect: true, or use protocol HTTPS.",
        "Gateway server #4 (port 82) serves plain HTTP: set tls.httpsRedirect: true, or use protocol HTTPS.",
      ],
    },
  );
  assert.deepEqual(await validate(policy, { type: GW, props: gateway(UNKNOWN.array) }), {
    violations: [],
    unknownRead: "string value at .spec.servers can't be known during preview",
  });
});

test('an empty protocol ("") is a plain-text protocol: flagged; a server named "" is shown by position', async () => {
  assert.deepEqual(await violations(policy, GW, gateway([{ name: "", port: { number: 1, protocol: "" } }])), [
    'Gateway server #1 (port 1) serves plain-text protocol "": use protocol HTTPS or TLS.',
  ]);
});
