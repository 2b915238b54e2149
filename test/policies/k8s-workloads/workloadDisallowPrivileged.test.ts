import assert from "node:assert/strict";
import { test } from "node:test";
import { workloadDisallowPrivileged as policy } from "../../../policy-pack/policies/k8s-workloads/workloadDisallowPrivileged";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import {
  addEphemeral,
  DEPLOYMENT,
  deploymentPatch,
  init,
  KINDS,
  main,
  patchCases,
  podSpec,
  sharedWorkloadCases,
  workloadOutcome,
  workloadViolations,
} from "./workloadFixtures";

sharedWorkloadCases(policy);

const MSG = 'Container "app" runs privileged: remove securityContext.privileged or set it to false.';

for (const kind of KINDS)
  test(`${kind.kind}: a privileged container is flagged`, async () => {
    assert.deepEqual(
      await workloadViolations(policy, kind, (s) => (main(s).securityContext.privileged = true)),
      [MSG],
    );
  });

test("a privileged init container is flagged", async () => {
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) => (init(s).securityContext.privileged = true)),
    ['Init container "fetch-model" runs privileged: remove securityContext.privileged or set it to false.'],
  );
});

test("a privileged ephemeral container is flagged", async () => {
  assert.deepEqual(
    await workloadViolations(policy, KINDS[0]!, (s) => (addEphemeral(s).securityContext.privileged = true)),
    ['Ephemeral container "debug" runs privileged: remove securityContext.privileged or set it to false.'],
  );
});

test("an unnamed container is named by its position", async () => {
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) => {
      s.containers.push({ image: "x", securityContext: { privileged: true } });
    }),
    ["Container #2 runs privileged: remove securityContext.privileged or set it to false."],
  );
});

test("Windows HostProcess, on the pod or a container, is flagged", async () => {
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) => {
      s.securityContext.windowsOptions = { hostProcess: true };
      main(s).securityContext.windowsOptions = { hostProcess: true };
    }),
    [
      "Pod spec runs Windows HostProcess containers: remove securityContext.windowsOptions.hostProcess.",
      'Container "app" is a Windows HostProcess container: remove securityContext.windowsOptions.hostProcess.',
    ],
  );
});

test("a DeploymentPatch that sets privileged is flagged; one that says nothing is not", async () => {
  const bad = deploymentPatch({ containers: [{ name: "app", securityContext: { privileged: true } }] });
  assert.deepEqual(await violations(policy, bad.type, bad.props), [MSG]);
  const quiet = deploymentPatch({ containers: [{ name: "app", image: "x:1" }] });
  assert.deepEqual(await violations(policy, quiet.type, quiet.props), []);
});

test("older API versions are covered (extensions/v1beta1 Deployment, batch/v1beta1 CronJob)", async () => {
  const spec = podSpec((s) => (main(s).securityContext.privileged = true));
  assert.deepEqual(
    await violations(policy, "kubernetes:extensions/v1beta1:Deployment", DEPLOYMENT.wrap(spec)),
    [MSG],
  );
  assert.deepEqual(await violations(policy, "kubernetes:batch/v1beta1:CronJob", KINDS[7]!.wrap(spec)), [MSG]);
});

test("an unknown privileged flag is not inspectable (the SDK's note), and a known one beside an unknown image is still flagged", async () => {
  const unknownFlag = DEPLOYMENT.wrap(podSpec((s) => (main(s).securityContext.privileged = UNKNOWN.boolean)));
  assert.deepEqual(await validate(policy, { type: DEPLOYMENT.type, props: unknownFlag }), {
    violations: [],
    unknownRead:
      "string value at .spec.template.spec.containers.0.securityContext.privileged can't be known during preview",
  });
  const unknownImage = DEPLOYMENT.wrap(
    podSpec((s) => {
      main(s).image = UNKNOWN.string;
      main(s).securityContext.privileged = true;
    }),
  );
  assert.deepEqual(await validate(policy, { type: DEPLOYMENT.type, props: unknownImage }), {
    violations: [MSG],
  });
});

test('privileged: "" is not true: passes', async () => {
  assert.deepEqual(
    await workloadOutcome(policy, DEPLOYMENT, (s) => (main(s).securityContext.privileged = "")),
    { violations: [] },
  );
});

patchCases(policy, { containers: [{ name: "app", securityContext: { privileged: true } }] }, [MSG]);
