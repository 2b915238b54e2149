import assert from "node:assert/strict";
import { test } from "node:test";
import { workloadDisallowHostPathVolumes as policy } from "../../../policy-pack/policies/k8s-workloads/workloadDisallowHostPathVolumes";
import { UNKNOWN } from "../helpers/policyHarness";
import { DEPLOYMENT, KINDS, sharedWorkloadCases, workloadViolations } from "./workloadFixtures";

sharedWorkloadCases(policy);

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
