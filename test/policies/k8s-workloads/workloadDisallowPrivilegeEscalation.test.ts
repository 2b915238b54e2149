import assert from "node:assert/strict";
import { test } from "node:test";
import { workloadDisallowPrivilegeEscalation as policy } from "../../../policy-pack/policies/k8s-workloads/workloadDisallowPrivilegeEscalation";
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
  `${who} may escalate privileges: set securityContext.allowPrivilegeEscalation: false.`;

for (const kind of KINDS)
  test(`${kind.kind}: allowPrivilegeEscalation: true is flagged`, async () => {
    assert.deepEqual(
      await workloadViolations(
        policy,
        kind,
        (s) => (main(s).securityContext.allowPrivilegeEscalation = true),
      ),
      [msg('Container "app"')],
    );
  });

test("unset is flagged: it defaults to true", async () => {
  assert.deepEqual(
    await workloadViolations(
      policy,
      DEPLOYMENT,
      (s) => delete main(s).securityContext.allowPrivilegeEscalation,
    ),
    [msg('Container "app"')],
  );
  assert.deepEqual(await workloadViolations(policy, DEPLOYMENT, (s) => delete main(s).securityContext), [
    msg('Container "app"'),
  ]);
});

test("init and ephemeral containers are checked", async () => {
  assert.deepEqual(
    await workloadViolations(policy, KINDS[0]!, (s) => {
      init(s).securityContext.allowPrivilegeEscalation = true;
      delete addEphemeral(s).securityContext.allowPrivilegeEscalation;
    }),
    [msg('Init container "fetch-model"'), msg('Ephemeral container "debug"')],
  );
});

test("a patch is flagged only for an explicit true", async () => {
  const silent = deploymentPatch({ containers: [{ name: "app", image: "x:1" }] });
  assert.deepEqual(await violations(policy, silent.type, silent.props), []);
  const bad = deploymentPatch({
    containers: [{ name: "app", securityContext: { allowPrivilegeEscalation: true } }],
  });
  assert.deepEqual(await violations(policy, bad.type, bad.props), [msg('Container "app"')]);
});

test("an unknown value is not flagged", async () => {
  assert.deepEqual(
    await workloadViolations(
      policy,
      DEPLOYMENT,
      (s) => (main(s).securityContext.allowPrivilegeEscalation = UNKNOWN.boolean),
    ),
    [],
  );
});

test("an unknown allowPrivilegeEscalation is not read and says nothing; a known true beside it is flagged", async () => {
  assert.deepEqual(
    await workloadOutcome(policy, DEPLOYMENT, (s) => {
      main(s).securityContext.allowPrivilegeEscalation = UNKNOWN.boolean;
      init(s).securityContext.allowPrivilegeEscalation = true;
    }),
    {
      violations: [
        'Init container "fetch-model" may escalate privileges: set securityContext.allowPrivilegeEscalation: false.',
      ],
    },
  );
});

test('allowPrivilegeEscalation: "" is not false: flagged', async () => {
  assert.deepEqual(
    await workloadOutcome(policy, DEPLOYMENT, (s) => (main(s).securityContext.allowPrivilegeEscalation = "")),
    {
      violations: [
        'Container "app" may escalate privileges: set securityContext.allowPrivilegeEscalation: false.',
      ],
    },
  );
});
