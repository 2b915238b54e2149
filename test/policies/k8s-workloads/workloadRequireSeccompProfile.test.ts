import assert from "node:assert/strict";
import { test } from "node:test";
import { workloadRequireSeccompProfile as policy } from "../../../policy-pack/policies/k8s-workloads/workloadRequireSeccompProfile";
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

const none = (who: string) =>
  `${who} has no seccomp profile: set securityContext.seccompProfile.type: RuntimeDefault on the pod or the container.`;
const unconfined = (who: string) =>
  `${who} runs with seccomp profile Unconfined: set securityContext.seccompProfile.type to RuntimeDefault or Localhost.`;

for (const kind of KINDS)
  test(`${kind.kind}: an Unconfined container is flagged`, async () => {
    assert.deepEqual(
      await workloadViolations(
        policy,
        kind,
        (s) => (main(s).securityContext.seccompProfile = { type: "Unconfined" }),
      ),
      [unconfined('Container "app"')],
    );
  });

test("the pod's profile covers containers without their own; no profile anywhere is flagged", async () => {
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) => {
      delete main(s).securityContext.seccompProfile;
      delete init(s).securityContext.seccompProfile;
    }),
    [],
  );
  assert.deepEqual(
    await workloadViolations(policy, KINDS[0]!, (s) => {
      delete s.securityContext.seccompProfile;
      delete main(s).securityContext.seccompProfile;
      init(s).securityContext.seccompProfile = { type: "Localhost", localhostProfile: "profiles/vllm.json" };
      delete addEphemeral(s).securityContext.seccompProfile;
    }),
    [none('Container "app"'), none('Ephemeral container "debug"')],
  );
});

test("pod-level Unconfined flags the containers that inherit it", async () => {
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) => {
      s.securityContext.seccompProfile = { type: "Unconfined" };
      delete init(s).securityContext.seccompProfile;
    }),
    [unconfined('Init container "fetch-model"')],
  );
});

test("unknown profiles are not flagged; a patch is flagged only for an explicit Unconfined", async () => {
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) => {
      main(s).securityContext.seccompProfile = UNKNOWN.object;
      init(s).securityContext.seccompProfile = { type: UNKNOWN.string };
    }),
    [],
  );
  const silent = deploymentPatch({ containers: [{ name: "app", image: "x:1" }] });
  assert.deepEqual(await violations(policy, silent.type, silent.props), []);
  const bad = deploymentPatch({
    securityContext: { seccompProfile: { type: "Unconfined" } },
    containers: [{ name: "app" }],
  });
  assert.deepEqual(await violations(policy, bad.type, bad.props), [unconfined('Container "app"')]);
});

test('a seccomp profile type of "" is neither RuntimeDefault nor Localhost: flagged', async () => {
  assert.deepEqual(
    await workloadOutcome(policy, DEPLOYMENT, (s) => (main(s).securityContext.seccompProfile = { type: "" })),
    {
      violations: [
        'Container "app" runs with seccomp profile : set securityContext.seccompProfile.type to RuntimeDefault or Localhost.',
      ],
    },
  );
});
