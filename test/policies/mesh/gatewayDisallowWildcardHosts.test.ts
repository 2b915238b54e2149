import assert from "node:assert/strict";
import { test } from "node:test";
import { gatewayDisallowWildcardHosts as policy } from "../../../policy-pack/policies/mesh/gatewayDisallowWildcardHosts";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { GATEWAY_TYPES } from "../../../policy-pack/lib/k8sTypes";
import { gateway, GW, httpsServer } from "./meshFixtures";

test("named hosts, namespaced hosts and subdomain wildcards pass", async () => {
  assert.deepEqual(
    await violations(
      policy,
      GW,
      gateway([httpsServer({ hosts: ["api.example.com", "inference/api.example.com", "*.example.com"] })]),
    ),
    [],
  );
});

test('"*", "*/*" and "ns/*" are flagged', async () => {
  assert.deepEqual(
    await violations(
      policy,
      GW,
      gateway([httpsServer({ hosts: ["*", "*/*", "inference/*", "a.example.com"] })]),
    ),
    ['Gateway server "https" accepts any host ("*", "*/*", "inference/*"): list the public host names.'],
  );
});

test("unknown hosts are not inspectable (the SDK's note); an unknown host does not hide a wildcard beside it", async () => {
  assert.deepEqual(
    await validate(policy, { type: GW, props: gateway([httpsServer({ hosts: UNKNOWN.array })]) }),
    { violations: [], unknownRead: "string value at .spec.servers.0.hosts can't be known during preview" },
  );
  assert.deepEqual(
    await validate(policy, { type: GW, props: gateway([httpsServer({ hosts: [UNKNOWN.string, "*"] })]) }),
    {
      violations: ['Gateway server "https" accepts any host ("*"): list the public host names.'],
    },
  );
});

test('an empty host ("") is not a wildcard: not flagged (Istio rejects it)', async () => {
  assert.deepEqual(await violations(policy, GW, gateway([httpsServer({ hosts: [""] })])), []);
});

test("every served API version and its Patch twin give the same finding", async () => {
  const insecure = gateway([httpsServer({ hosts: ["*"] })]);
  const want = await violations(policy, GW, insecure);
  assert.ok(want.length > 0);
  for (const t of GATEWAY_TYPES) assert.deepEqual(await violations(policy, t, insecure), want, t);
});
