import assert from "node:assert/strict";
import { test } from "node:test";
import { serviceDisallowNodePort } from "../../../policy-pack/policies/k8s-network/serviceDisallowNodePort";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { SVC, svc } from "./serviceFixtures";

test("NodePort services are flagged (advisory); others are not", async () => {
  assert.equal(serviceDisallowNodePort.enforcementLevel, "advisory");
  assert.deepEqual(await violations(serviceDisallowNodePort, SVC, svc({ type: "NodePort" })), [
    "Service is of type NodePort, open on every node: use ClusterIP behind the ingress tier.",
  ]);
  assert.deepEqual(await violations(serviceDisallowNodePort, SVC, svc({ type: "ClusterIP" })), []);
  assert.deepEqual(await violations(serviceDisallowNodePort, SVC, svc({ type: UNKNOWN.string })), []);
});

test("an unknown type is not inspectable (the SDK's note; NodePort is decided again at pulumi up)", async () => {
  assert.deepEqual(
    await validate(serviceDisallowNodePort, { type: SVC, props: svc({ type: UNKNOWN.string }) }),
    {
      violations: [],
      unknownRead: "string value at .spec.type can't be known during preview",
    },
  );
});

test("an empty type is not NodePort", async () => {
  assert.deepEqual(await violations(serviceDisallowNodePort, SVC, svc({ type: "" })), []);
});

test("a ServicePatch that sets type NodePort is flagged the same; one that leaves the type out is not", async () => {
  const PATCH = `${SVC}Patch`;
  assert.deepEqual(await violations(serviceDisallowNodePort, PATCH, { spec: { type: "NodePort" } }), [
    "Service is of type NodePort, open on every node: use ClusterIP behind the ingress tier.",
  ]);
  assert.deepEqual(await violations(serviceDisallowNodePort, PATCH, { spec: { ports: [{ port: 80 }] } }), []);
  assert.deepEqual(await violations(serviceDisallowNodePort, PATCH, { spec: { type: "" } }), []);
});
