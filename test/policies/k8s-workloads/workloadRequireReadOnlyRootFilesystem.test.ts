import assert from "node:assert/strict";
import { test } from "node:test";
import { workloadRequireReadOnlyRootFilesystem as policy } from "../../../policy-pack/policies/k8s-workloads/workloadRequireReadOnlyRootFilesystem";
import { UNKNOWN, violations } from "../helpers/policyHarness";
import {
  addEphemeral,
  DEPLOYMENT,
  deploymentPatch,
  init,
  KINDS,
  main,
  sharedWorkloadCases,
  workloadViolations,
  workloadOutcome,
} from "./workloadFixtures";

sharedWorkloadCases(policy);

const msg = (who: string) =>
  `${who} has a writable root filesystem: set securityContext.readOnlyRootFilesystem: true ` +
  "(mount an emptyDir where it must write).";

for (const kind of KINDS)
  test(`${kind.kind}: readOnlyRootFilesystem false is flagged`, async () => {
    assert.deepEqual(
      await workloadViolations(policy, kind, (s) => (main(s).securityContext.readOnlyRootFilesystem = false)),
      [msg('Container "app"')],
    );
  });

test("unset is flagged on containers, init and ephemeral containers; unknown is not", async () => {
  assert.deepEqual(
    await workloadViolations(policy, KINDS[0]!, (s) => {
      main(s).securityContext.readOnlyRootFilesystem = UNKNOWN.boolean;
      delete init(s).securityContext.readOnlyRootFilesystem;
      delete addEphemeral(s).securityContext;
    }),
    [msg('Init container "fetch-model"'), msg('Ephemeral container "debug"')],
  );
});

test("a patch is flagged only for an explicit false", async () => {
  const silent = deploymentPatch({ containers: [{ name: "app", image: "x:1" }] });
  assert.deepEqual(await violations(policy, silent.type, silent.props), []);
  const bad = deploymentPatch({
    containers: [{ name: "app", securityContext: { readOnlyRootFilesystem: false } }],
  });
  assert.deepEqual(await violations(policy, bad.type, bad.props), [msg('Container "app"')]);
  void DEPLOYMENT;
});

test('readOnlyRootFilesystem: "" is not true: flagged', async () => {
  assert.deepEqual(
    await workloadOutcome(policy, DEPLOYMENT, (s) => (main(s).securityContext.readOnlyRootFilesystem = "")),
    {
      violations: [
        'Container "app" has a writable root filesystem: set securityContext.readOnlyRootFilesystem: true (mount an emptyDir where it must write).',
      ],
    },
  );
});
