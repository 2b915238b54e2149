import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { runStackOk, type CapturedResource } from "../helpers/harness";
import { validateKubernetesObject, validateKubernetesObjects } from "./kubernetesSchemas";

/**
 * Every Kubernetes object and custom resource the whole stack emits (dev and prod) validates against its
 * published schema.
 */

for (const stack of ["dev", "prod"] as const) {
  describe(`Kubernetes schemas (${stack})`, () => {
    test("every captured Kubernetes object validates", async () => {
      const run = await runStackOk(stack);
      const { validated, failures } = await validateKubernetesObjects(run);
      assert.deepEqual(failures, []);
      assert.equal(validated.length, run.kubernetesObjects().length);
      // Not vacuous: the namespace and its policies, quota, limits, account, and the StorageClass.
      assert.ok(validated.length >= 9, `validated ${validated.length}: ${validated.join(", ")}`);
    });
  });
}

describe("the validator itself", () => {
  const fake = (type: string, inputs: Record<string, unknown>): CapturedResource =>
    ({
      urn: `urn:${type}`,
      type,
      name: "fake",
      custom: true,
      dependencies: [],
      propertyDependencies: {},
      inputs,
      outputs: {},
    }) as unknown as CapturedResource;

  test("rejects an object that breaks its schema", async () => {
    const problem = await validateKubernetesObject(
      fake("kubernetes:networking.k8s.io/v1:NetworkPolicy", {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "x" },
        spec: { podSelector: {}, policyTypes: ["Everything"] },
      }),
    );
    assert.match(problem ?? "", /policyTypes\/0 must be equal to one of the allowed values/);
  });

  test("refuses a kind with no known schema package instead of passing it", async () => {
    const problem = await validateKubernetesObject(
      fake("kubernetes:example.com/v1:Widget", {
        apiVersion: "example.com/v1",
        kind: "Widget",
        metadata: { name: "x" },
      }),
    );
    assert.match(problem ?? "", /no published schema package known for API group "example.com"/);
  });

  test("validates Istio custom resources", async () => {
    const problem = await validateKubernetesObject(
      fake("kubernetes:security.istio.io/v1:PeerAuthentication", {
        apiVersion: "security.istio.io/v1",
        kind: "PeerAuthentication",
        metadata: { name: "default", namespace: "istio-system" },
        spec: { mtls: { mode: "NOT-A-MODE" } },
      }),
    );
    assert.ok(problem, "an invalid mTLS mode is rejected");
  });
});
