import assert from "node:assert/strict";
import { test } from "node:test";
import { serviceAccountDisallowTokenAutomount as saPolicy } from "../../../policy-pack/policies/k8s-workloads/serviceAccountDisallowTokenAutomount";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const SA = "kubernetes:core/v1:ServiceAccount";
const SA_MSG =
  "ServiceAccount does not set automountServiceAccountToken: false: pods using it get an API token.";
const sa = (extra: Record<string, any> = {}) => ({
  apiVersion: "v1",
  kind: "ServiceAccount",
  metadata: { name: "inference", namespace: "inference" },
  automountServiceAccountToken: false,
  ...extra,
});

test("ServiceAccount: false passes; true and unset are flagged", async () => {
  assert.deepEqual(await violations(saPolicy, SA, sa()), []);
  assert.deepEqual(await violations(saPolicy, SA, sa({ automountServiceAccountToken: true })), [SA_MSG]);
  const { automountServiceAccountToken: _, ...unset } = sa();
  assert.deepEqual(await violations(saPolicy, SA, unset), [SA_MSG]);
});

test("ServiceAccount: an unknown automountServiceAccountToken is not inspectable (the SDK's note); a ServiceAccountPatch is flagged only for an explicit true", async () => {
  assert.deepEqual(
    await validate(saPolicy, { type: SA, props: sa({ automountServiceAccountToken: UNKNOWN.boolean }) }),
    {
      violations: [],
      unknownRead: "string value at .automountServiceAccountToken can't be known during preview",
    },
  );
  assert.deepEqual(await violations(saPolicy, `${SA}Patch`, { metadata: { name: "x" } }), []);
  assert.deepEqual(await violations(saPolicy, `${SA}Patch`, sa({ automountServiceAccountToken: true })), [
    SA_MSG,
  ]);
  assert.deepEqual(await violations(saPolicy, "kubernetes:core/v1:Secret", {}), []);
});

test('automountServiceAccountToken: "" is not false: flagged', async () => {
  assert.deepEqual(await violations(saPolicy, SA, sa({ automountServiceAccountToken: "" })), [SA_MSG]);
});
