import assert from "node:assert/strict";
import { test } from "node:test";
import { authorizationPolicyDisallowMeshWideAllow as policy } from "../../../policy-pack/policies/mesh/authorizationPolicyDisallowMeshWideAllow";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { AUTHORIZATION_POLICY_TYPES } from "../../../policy-pack/lib/k8sTypes";
import { AP, obj } from "./meshFixtures";

const CONFIG = { rootNamespace: "istio-system" };
const rule = { from: [{ source: { principals: ["cluster.local/ns/a/sa/b"] } }] };
const flagged = [
  "AuthorizationPolicy ALLOW in the root namespace istio-system applies mesh-wide: move its rules to the namespace of the workloads they admit to (keep only an allow-nothing policy, spec {}, here).",
];

test("the mesh-wide allow-nothing, DENY policies in the root namespace and ALLOW rules elsewhere pass", async () => {
  assert.deepEqual(await violations(policy, AP, obj("AuthorizationPolicy", "istio-system", {}), CONFIG), []);
  assert.deepEqual(
    await violations(
      policy,
      AP,
      obj("AuthorizationPolicy", "istio-system", { action: "DENY", rules: [rule] }),
      CONFIG,
    ),
    [],
  );
  assert.deepEqual(
    await violations(policy, AP, obj("AuthorizationPolicy", "inference", { rules: [rule] }), CONFIG),
    [],
  );
});

test("ALLOW rules in the root namespace are flagged, with or without a selector, and with action omitted", async () => {
  assert.deepEqual(
    await violations(policy, AP, obj("AuthorizationPolicy", "istio-system", { rules: [rule] }), CONFIG),
    flagged,
  );
  assert.deepEqual(
    await violations(
      policy,
      AP,
      obj("AuthorizationPolicy", "istio-system", {
        selector: { matchLabels: { app: "vllm" } },
        action: "ALLOW",
        rules: [{}],
      }),
      CONFIG,
    ),
    flagged,
  );
  assert.equal(
    (
      await violations(policy, AP, obj("AuthorizationPolicy", "mesh-root", { rules: [rule] }), {
        rootNamespace: "mesh-root",
      })
    ).length,
    1,
  );
});

test("unknown namespaces, actions or rules are not inspectable (the SDK's note)", async () => {
  for (const [props, path] of [
    [obj("AuthorizationPolicy", UNKNOWN.string, { rules: [rule] }), ".metadata.namespace"],
    [obj("AuthorizationPolicy", "istio-system", { action: UNKNOWN.string, rules: [rule] }), ".spec.action"],
    [obj("AuthorizationPolicy", "istio-system", { rules: UNKNOWN.array }), ".spec.rules"],
  ] as const)
    assert.deepEqual(await validate(policy, { type: AP, props }, CONFIG), {
      violations: [],
      unknownRead: `string value at ${path} can't be known during preview`,
    });
});

test('a namespace "" is not the root namespace: not judged', async () => {
  assert.deepEqual(
    await violations(policy, AP, obj("AuthorizationPolicy", "", { rules: [rule] }), CONFIG),
    [],
  );
});

test("every served API version and its Patch twin give the same finding", async () => {
  const insecure = obj("AuthorizationPolicy", "istio-system", { rules: [rule] });
  const want = await violations(policy, AP, insecure, CONFIG);
  assert.ok(want.length > 0);
  for (const t of AUTHORIZATION_POLICY_TYPES)
    assert.deepEqual(await violations(policy, t, insecure, CONFIG), want, t);
});
