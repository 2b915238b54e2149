import assert from "node:assert/strict";
import { test } from "node:test";
import { workloadDisallowHostNamespaces as policy } from "../../../policy-pack/policies/k8s-workloads/workloadDisallowHostNamespaces";
import { UNKNOWN } from "../helpers/policyHarness";
import {
  DEPLOYMENT,
  KINDS,
  patchCases,
  sharedWorkloadCases,
  workloadOutcome,
  workloadViolations,
} from "./workloadFixtures";

sharedWorkloadCases(policy, "pod");

const NET = "Pod spec sets hostNetwork: true, sharing the node's network namespace: remove it.";
const PID = "Pod spec sets hostPID: true, sharing the node's process (PID) namespace: remove it.";
const IPC = "Pod spec sets hostIPC: true, sharing the node's IPC namespace: remove it.";

for (const kind of KINDS)
  test(`${kind.kind}: hostNetwork is flagged`, async () => {
    assert.deepEqual(await workloadViolations(policy, kind, (s) => (s.hostNetwork = true)), [NET]);
  });

test("hostPID and hostIPC are flagged, each with its own message", async () => {
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) => Object.assign(s, { hostPID: true, hostIPC: true })),
    [PID, IPC],
  );
});

test("false and unknown values are not flagged", async () => {
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) =>
      Object.assign(s, { hostNetwork: false, hostPID: UNKNOWN.boolean, hostIPC: false }),
    ),
    [],
  );
});

test("an unknown hostNetwork is not read and says nothing; a known hostPID beside it is flagged", async () => {
  assert.deepEqual(
    await workloadOutcome(policy, DEPLOYMENT, (s) => {
      s.hostNetwork = UNKNOWN.boolean;
      s.hostPID = true;
    }),
    { violations: ["Pod spec sets hostPID: true, sharing the node's process (PID) namespace: remove it."] },
  );
});

test('hostNetwork: "" is not true: passes', async () => {
  assert.deepEqual(await workloadOutcome(policy, DEPLOYMENT, (s) => (s.hostNetwork = "")), {
    violations: [],
  });
});

patchCases(policy, { hostNetwork: true, containers: [{ name: "app" }] }, [
  "Pod spec sets hostNetwork: true, sharing the node's network namespace: remove it.",
]);
