import assert from "node:assert/strict";
import { test } from "node:test";
import { serviceAccountDisallowTokenAutomount as saPolicy } from "../../../policy-pack/policies/k8s-workloads/serviceAccountDisallowTokenAutomount";
import { workloadDisallowServiceAccountTokenAutomount as policy } from "../../../policy-pack/policies/k8s-workloads/workloadDisallowServiceAccountTokenAutomount";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import {
  DEPLOYMENT,
  deploymentPatch,
  KINDS,
  sharedWorkloadCases,
  workloadViolations,
} from "./workloadFixtures";

sharedWorkloadCases(policy);

const MSG =
  "Pod spec does not set automountServiceAccountToken: false: every container gets a Kubernetes API token; " +
  "mount a projected serviceAccountToken volume only where the API is needed.";

for (const kind of KINDS)
  test(`${kind.kind}: automountServiceAccountToken true is flagged`, async () => {
    assert.deepEqual(await workloadViolations(policy, kind, (s) => (s.automountServiceAccountToken = true)), [
      MSG,
    ]);
  });

test("unset is flagged (the default mounts the token); unknown is not", async () => {
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) => delete s.automountServiceAccountToken),
    [MSG],
  );
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) => (s.automountServiceAccountToken = UNKNOWN.boolean)),
    [],
  );
});

test("a patch is flagged only for an explicit true", async () => {
  const silent = deploymentPatch({ containers: [{ name: "app" }] });
  assert.deepEqual(await violations(policy, silent.type, silent.props), []);
  const bad = deploymentPatch({ automountServiceAccountToken: true });
  assert.deepEqual(await violations(policy, bad.type, bad.props), [MSG]);
});

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

test("ServiceAccount: unknown is silent; a ServiceAccountPatch is flagged only for an explicit true", async () => {
  assert.deepEqual(
    await validate(saPolicy, { type: SA, props: sa({ automountServiceAccountToken: UNKNOWN.boolean }) }),
    { violations: [] },
  );
  assert.deepEqual(await violations(saPolicy, `${SA}Patch`, { metadata: { name: "x" } }), []);
  assert.deepEqual(await violations(saPolicy, `${SA}Patch`, sa({ automountServiceAccountToken: true })), [
    SA_MSG,
  ]);
  assert.deepEqual(await violations(saPolicy, "kubernetes:core/v1:Secret", {}), []);
});
