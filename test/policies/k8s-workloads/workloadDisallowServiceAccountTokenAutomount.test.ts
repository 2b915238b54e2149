import assert from "node:assert/strict";
import { test } from "node:test";
import { workloadDisallowServiceAccountTokenAutomount as policy } from "../../../policy-pack/policies/k8s-workloads/workloadDisallowServiceAccountTokenAutomount";
import { UNKNOWN, violations } from "../helpers/policyHarness";
import {
  DEPLOYMENT,
  deploymentPatch,
  KINDS,
  sharedWorkloadCases,
  workloadViolations,
  workloadOutcome,
} from "./workloadFixtures";

sharedWorkloadCases(policy, "pod");

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

test("an unknown automountServiceAccountToken is not inspectable (the SDK's note), not flagged", async () => {
  assert.deepEqual(
    await workloadOutcome(policy, DEPLOYMENT, (s) => (s.automountServiceAccountToken = UNKNOWN.boolean)),
    {
      violations: [],
      unknownRead:
        "string value at .spec.template.spec.automountServiceAccountToken can't be known during preview",
    },
  );
});

test('automountServiceAccountToken: "" is not false: flagged', async () => {
  assert.deepEqual(await workloadOutcome(policy, DEPLOYMENT, (s) => (s.automountServiceAccountToken = "")), {
    violations: [
      "Pod spec does not set automountServiceAccountToken: false: every container gets a Kubernetes API token; mount a projected serviceAccountToken volume only where the API is needed.",
    ],
  });
});
