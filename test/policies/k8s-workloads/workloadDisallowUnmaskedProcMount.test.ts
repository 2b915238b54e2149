import assert from "node:assert/strict";
import { test } from "node:test";
import { workloadDisallowUnmaskedProcMount as procMount } from "../../../policy-pack/policies/k8s-workloads/workloadDisallowUnmaskedProcMount";
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

sharedWorkloadCases(procMount);

for (const kind of KINDS)
  test(`${kind.kind}: procMount Unmasked is flagged`, async () => {
    assert.deepEqual(
      await workloadViolations(procMount, kind, (s) => (main(s).securityContext.procMount = "Unmasked")),
      ['Container "app" sets securityContext.procMount: Unmasked: remove it (Default masks /proc).'],
    );
  });

test("procMount: init and ephemeral containers are checked; Default and unknown are not flagged", async () => {
  assert.deepEqual(
    await workloadViolations(procMount, KINDS[0]!, (s) => {
      main(s).securityContext.procMount = "Default";
      init(s).securityContext.procMount = UNKNOWN.string;
      addEphemeral(s).securityContext.procMount = "Unmasked";
    }),
    [
      'Ephemeral container "debug" sets securityContext.procMount: Unmasked: remove it (Default masks /proc).',
    ],
  );
});

test("an unknown procMount is not inspectable (the SDK's note), not flagged", async () => {
  assert.deepEqual(
    await workloadOutcome(procMount, DEPLOYMENT, (s) => (main(s).securityContext.procMount = UNKNOWN.string)),
    {
      violations: [],
      unknownRead:
        "string value at .spec.template.spec.containers.0.securityContext.procMount can't be known during preview",
    },
  );
});

test('procMount: "" is not Default: flagged', async () => {
  assert.deepEqual(
    await workloadOutcome(procMount, DEPLOYMENT, (s) => (main(s).securityContext.procMount = "")),
    { violations: ['Container "app" sets securityContext.procMount: : remove it (Default masks /proc).'] },
  );
});

patchCases(procMount, { containers: [{ name: "app", securityContext: { procMount: "Unmasked" } }] }, [
  'Container "app" sets securityContext.procMount: Unmasked: remove it (Default masks /proc).',
]);
