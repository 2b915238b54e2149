import assert from "node:assert/strict";
import { test } from "node:test";
import { workloadRequireDropAllCapabilities as policy } from "../../../policy-pack/policies/k8s-workloads/workloadRequireDropAllCapabilities";
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
  `${who} does not drop all capabilities: set securityContext.capabilities.drop: ["ALL"].`;

for (const kind of KINDS)
  test(`${kind.kind}: a container without drop ALL is flagged`, async () => {
    assert.deepEqual(
      await workloadViolations(
        policy,
        kind,
        (s) => (main(s).securityContext.capabilities.drop = ["NET_RAW"]),
      ),
      [msg('Container "app"')],
    );
  });

test("no capabilities at all, init and ephemeral containers, and lower-case 'all' are flagged", async () => {
  assert.deepEqual(
    await workloadViolations(policy, KINDS[0]!, (s) => {
      delete main(s).securityContext.capabilities;
      init(s).securityContext.capabilities.drop = ["all"];
      addEphemeral(s).securityContext.capabilities = {};
    }),
    [msg('Container "app"'), msg('Init container "fetch-model"'), msg('Ephemeral container "debug"')],
  );
});

test("an unknown drop list or entry is not flagged", async () => {
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) => {
      main(s).securityContext.capabilities.drop = UNKNOWN.array;
      init(s).securityContext.capabilities.drop = [UNKNOWN.string];
    }),
    [],
  );
});

test("a patch is flagged only when it writes a drop list without ALL", async () => {
  const silent = deploymentPatch({ containers: [{ name: "app", image: "x:1" }] });
  assert.deepEqual(await violations(policy, silent.type, silent.props), []);
  const bad = deploymentPatch({
    containers: [{ name: "app", securityContext: { capabilities: { drop: ["NET_RAW"] } } }],
  });
  assert.deepEqual(await violations(policy, bad.type, bad.props), [msg('Container "app"')]);
});

test('drop: [""] does not drop ALL: flagged', async () => {
  assert.deepEqual(
    await workloadOutcome(policy, DEPLOYMENT, (s) => (main(s).securityContext.capabilities.drop = [""])),
    {
      violations: [
        'Container "app" does not drop all capabilities: set securityContext.capabilities.drop: ["ALL"].',
      ],
    },
  );
});
