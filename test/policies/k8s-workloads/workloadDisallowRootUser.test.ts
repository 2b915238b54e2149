import assert from "node:assert/strict";
import { test } from "node:test";
import { workloadDisallowRootUser as policy } from "../../../policy-pack/policies/k8s-workloads/workloadDisallowRootUser";
import { UNKNOWN } from "../helpers/policyHarness";
import {
  addEphemeral,
  DEPLOYMENT,
  init,
  KINDS,
  main,
  patchCases,
  sharedWorkloadCases,
  workloadOutcome,
  workloadViolations,
} from "./workloadFixtures";

sharedWorkloadCases(policy);

const msg = (who: string) => `${who} runs as UID 0 (root): set securityContext.runAsUser to a non-zero UID.`;

for (const kind of KINDS)
  test(`${kind.kind}: runAsUser 0 on a container is flagged`, async () => {
    assert.deepEqual(await workloadViolations(policy, kind, (s) => (main(s).securityContext.runAsUser = 0)), [
      msg('Container "app"'),
    ]);
  });

test("runAsUser 0 on the pod flags the containers that inherit it, not those that override it", async () => {
  assert.deepEqual(
    await workloadViolations(policy, KINDS[0]!, (s) => {
      s.securityContext.runAsUser = 0;
      delete init(s).securityContext.runAsUser;
      delete addEphemeral(s).securityContext.runAsUser;
    }),
    [msg('Init container "fetch-model"'), msg('Ephemeral container "debug"')],
  );
});

test("an unknown UID is not flagged", async () => {
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) => (main(s).securityContext.runAsUser = UNKNOWN.number)),
    [],
  );
});

test('runAsUser: "" is not UID 0: passes', async () => {
  assert.deepEqual(
    await workloadOutcome(policy, DEPLOYMENT, (s) => (main(s).securityContext.runAsUser = "")),
    { violations: [] },
  );
});

patchCases(policy, { containers: [{ name: "app", securityContext: { runAsUser: 0 } }] }, [
  'Container "app" runs as UID 0 (root): set securityContext.runAsUser to a non-zero UID.',
]);
