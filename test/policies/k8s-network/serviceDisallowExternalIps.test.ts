import assert from "node:assert/strict";
import { test } from "node:test";
import { serviceDisallowExternalIps } from "../../../policy-pack/policies/k8s-network/serviceDisallowExternalIps";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { SVC, svc } from "./serviceFixtures";

const MSG = "Service sets spec.externalIPs: remove them and expose it through an internal load balancer.";

test("externalIPs are flagged", async () => {
  assert.deepEqual(await violations(serviceDisallowExternalIps, SVC, svc({ externalIPs: ["203.0.113.7"] })), [
    "Service sets spec.externalIPs: remove them and expose it through an internal load balancer.",
  ]);
  assert.deepEqual(await violations(serviceDisallowExternalIps, SVC, svc({})), []);
  assert.deepEqual(
    await violations(serviceDisallowExternalIps, SVC, svc({ externalIPs: UNKNOWN.array })),
    [],
  );
});

test("an unknown list is not inspectable (the SDK's note); a list holding an unknown address is flagged", async () => {
  assert.deepEqual(
    await validate(serviceDisallowExternalIps, { type: SVC, props: svc({ externalIPs: UNKNOWN.array }) }),
    { violations: [], unknownRead: "string value at .spec.externalIPs can't be known during preview" },
  );
  assert.deepEqual(
    await validate(serviceDisallowExternalIps, { type: SVC, props: svc({ externalIPs: [UNKNOWN.string] }) }),
    { violations: [MSG] },
  );
});

test("an empty list passes; a list holding an empty string still sets externalIPs and is flagged", async () => {
  assert.deepEqual(await violations(serviceDisallowExternalIps, SVC, svc({ externalIPs: [] })), []);
  assert.deepEqual(await violations(serviceDisallowExternalIps, SVC, svc({ externalIPs: [""] })), [MSG]);
});

test("a ServicePatch that writes externalIPs (IPv4 or IPv6) is flagged the same; an empty list or a missing spec is not", async () => {
  const PATCH = `${SVC}Patch`;
  for (const ips of [["203.0.113.7"], ["2001:db8::7"]])
    assert.deepEqual(await violations(serviceDisallowExternalIps, PATCH, { spec: { externalIPs: ips } }), [
      MSG,
    ]);
  assert.deepEqual(await violations(serviceDisallowExternalIps, PATCH, { spec: { externalIPs: [] } }), []);
  assert.deepEqual(await violations(serviceDisallowExternalIps, PATCH, { metadata: { name: "vllm" } }), []);
});
