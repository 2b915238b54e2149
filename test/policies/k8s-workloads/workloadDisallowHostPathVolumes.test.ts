import assert from "node:assert/strict";
import { test } from "node:test";
import { workloadDisallowHostPathVolumes as policy } from "../../../policy-pack/policies/k8s-workloads/workloadDisallowHostPathVolumes";
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

const msg = (name: string, path: string) =>
  `Volume "${name}" mounts the node's filesystem (${path}): use a persistentVolumeClaim, emptyDir, ` +
  "configMap or secret volume instead.";

for (const kind of KINDS)
  test(`${kind.kind}: a hostPath volume is flagged`, async () => {
    assert.deepEqual(
      await workloadViolations(policy, kind, (s) =>
        s.volumes.push({ name: "sock", hostPath: { path: "/run/containerd/containerd.sock" } }),
      ),
      [msg("sock", "hostPath /run/containerd/containerd.sock")],
    );
  });

test("a hostPath whose path is unknown is still a hostPath", async () => {
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) =>
      s.volumes.push({ name: "h", hostPath: { path: UNKNOWN.string } }),
    ),
    [msg("h", "hostPath")],
  );
});

test("a hostPath volume with an unknown path is still flagged (the path is not needed to decide)", async () => {
  assert.deepEqual(
    await workloadOutcome(policy, DEPLOYMENT, (s) =>
      s.volumes.push({ name: "host", hostPath: { path: UNKNOWN.string } }),
    ),
    {
      violations: [
        'Volume "host" mounts the node\'s filesystem (hostPath): use a persistentVolumeClaim, emptyDir, configMap or secret volume instead.',
      ],
    },
  );
});

test('a hostPath volume with an empty path ("") is flagged', async () => {
  assert.deepEqual(
    await workloadOutcome(policy, DEPLOYMENT, (s) =>
      s.volumes.push({ name: "host", hostPath: { path: "" } }),
    ),
    {
      violations: [
        'Volume "host" mounts the node\'s filesystem (hostPath ): use a persistentVolumeClaim, emptyDir, configMap or secret volume instead.',
      ],
    },
  );
});

patchCases(policy, { volumes: [{ name: "sock", hostPath: { path: "/var/run/docker.sock" } }] }, [
  'Volume "sock" mounts the node\'s filesystem (hostPath /var/run/docker.sock): use a persistentVolumeClaim, emptyDir, configMap or secret volume instead.',
]);
