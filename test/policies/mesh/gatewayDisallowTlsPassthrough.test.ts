import assert from "node:assert/strict";
import { test } from "node:test";
import { gatewayDisallowTlsPassthrough as policy } from "../../../policy-pack/policies/mesh/gatewayDisallowTlsPassthrough";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { GATEWAY_TYPES } from "../../../policy-pack/lib/k8sTypes";
import { gateway, GW, httpsServer } from "./meshFixtures";

test("servers that terminate TLS (SIMPLE, MUTUAL, ISTIO_MUTUAL) pass; HTTP servers have no TLS mode", async () => {
  const servers = ["SIMPLE", "MUTUAL", "ISTIO_MUTUAL", "OPTIONAL_MUTUAL"].map((mode) =>
    httpsServer({ tls: { mode, credentialName: "c" } }),
  );
  servers.push({ port: { number: 80, protocol: "HTTP" }, hosts: ["a"], tls: { httpsRedirect: true } } as any);
  assert.deepEqual(await violations(policy, GW, gateway(servers)), []);
});

test("PASSTHROUGH, AUTO_PASSTHROUGH and a TLS server without a mode are flagged", async () => {
  assert.deepEqual(
    await violations(
      policy,
      GW,
      gateway([
        { name: "pt", port: { number: 443, protocol: "TLS" }, hosts: ["a"], tls: { mode: "PASSTHROUGH" } },
        {
          name: "auto",
          port: { number: 15443, protocol: "TLS" },
          hosts: ["*.local"],
          tls: { mode: "AUTO_PASSTHROUGH" },
        },
        { name: "bare", port: { number: 8443, protocol: "TLS" }, hosts: ["a"] },
        {
          name: "nomode",
          port: { number: 9443, protocol: "TLS" },
          hosts: ["a"],
          tls: { credentialName: "c" },
        },
      ]),
    ),
    [
      'Gateway server "pt" sets tls.mode PASSTHROUGH: terminate TLS at the gateway (mode SIMPLE with credentialName).',
      'Gateway server "auto" sets tls.mode AUTO_PASSTHROUGH: terminate TLS at the gateway (mode SIMPLE with credentialName).',
      'Gateway server "bare" is a TLS server with no tls.mode, which means PASSTHROUGH: set mode SIMPLE with credentialName.',
      'Gateway server "nomode" is a TLS server with no tls.mode, which means PASSTHROUGH: set mode SIMPLE with credentialName.',
    ],
  );
});

test("unknown modes or tls blocks are not inspectable (the SDK's note)", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: GW,
      props: gateway([
        { port: { number: 443, protocol: "TLS" }, tls: { mode: UNKNOWN.string } },
        { port: { number: 443, protocol: "TLS" }, tls: UNKNOWN.object },
      ]),
    }),
    { violations: [], unknownRead: "string value at .spec.servers.0.tls.mode can't be known during preview" },
  );
});

test('an empty mode ("") on a TLS server is not a terminating mode, but is not PASSTHROUGH by name: not flagged', async () => {
  assert.deepEqual(
    await violations(policy, GW, gateway([{ port: { number: 443, protocol: "TLS" }, tls: { mode: "" } }])),
    [],
  );
});

test("every served API version and its Patch twin give the same finding", async () => {
  const insecure = gateway([httpsServer({ tls: { mode: "PASSTHROUGH" } })]);
  const want = await violations(policy, GW, insecure);
  assert.ok(want.length > 0);
  for (const t of GATEWAY_TYPES) assert.deepEqual(await violations(policy, t, insecure), want, t);
});
