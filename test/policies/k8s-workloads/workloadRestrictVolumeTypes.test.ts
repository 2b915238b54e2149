import assert from "node:assert/strict";
import { test } from "node:test";
import { workloadRestrictVolumeTypes as volumes } from "../../../policy-pack/policies/k8s-workloads/workloadRestrictVolumeTypes";
import { UNKNOWN } from "../helpers/policyHarness";
import {
  DEPLOYMENT,
  KINDS,
  patchCases,
  sharedWorkloadCases,
  workloadOutcome,
  workloadViolations,
} from "./workloadFixtures";

sharedWorkloadCases(volumes, "pod");

for (const kind of KINDS)
  test(`${kind.kind}: an nfs volume is flagged`, async () => {
    assert.deepEqual(
      await workloadViolations(volumes, kind, (s) =>
        s.volumes.push({ name: "models", nfs: { server: "10.0.0.5", path: "/" } }),
      ),
      ['Volume "models" is of type nfs, which Pod Security restricted forbids: use a persistentVolumeClaim.'],
    );
  });

test("volumes: allowed types pass, hostPath is left to its own policy, gitRepo is flagged", async () => {
  assert.deepEqual(
    await workloadViolations(volumes, DEPLOYMENT, (s) =>
      s.volumes.push(
        { name: "cfg", configMap: { name: "c" } },
        { name: "tok", projected: { sources: [] } },
        { name: "scratch", ephemeral: { volumeClaimTemplate: { spec: {} } } },
        { name: "host", hostPath: { path: "/" } },
        { name: "src", gitRepo: { repository: "https://example.com/x.git" } },
      ),
    ),
    ['Volume "src" is of type gitRepo, which Pod Security restricted forbids: use a persistentVolumeClaim.'],
  );
});

test("an unknown volume is not read; a known nfs volume beside it is flagged", async () => {
  assert.deepEqual(
    await workloadOutcome(volumes, DEPLOYMENT, (s) =>
      s.volumes.push(UNKNOWN.object, { name: "models", nfs: { server: "10.0.0.5", path: "/" } }),
    ),
    {
      violations: [
        'Volume "models" is of type nfs, which Pod Security restricted forbids: use a persistentVolumeClaim.',
      ],
    },
  );
});

test('a volume whose name is "" is judged by its type: an emptyDir passes', async () => {
  assert.deepEqual(
    await workloadOutcome(volumes, DEPLOYMENT, (s) => s.volumes.push({ name: "", emptyDir: {} })),
    { violations: [] },
  );
});

patchCases(volumes, { volumes: [{ name: "models", nfs: { server: "nfs", path: "/models" } }] }, [
  'Volume "models" is of type nfs, which Pod Security restricted forbids: use a persistentVolumeClaim.',
]);
