import assert from "node:assert/strict";
import { test } from "node:test";
import { workloadRequireRunAsNonRoot as policy } from "../../../policy-pack/policies/k8s-workloads/workloadRequireRunAsNonRoot";
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
  `${who} may run as root: set securityContext.runAsNonRoot: true on the pod or the container.`;

for (const kind of KINDS)
  test(`${kind.kind}: runAsNonRoot false on the container is flagged`, async () => {
    assert.deepEqual(
      await workloadViolations(policy, kind, (s) => (main(s).securityContext.runAsNonRoot = false)),
      [msg('Container "app"')],
    );
  });

test("set on the pod only is enough; unset everywhere flags every container", async () => {
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) => {
      delete main(s).securityContext.runAsNonRoot;
      delete init(s).securityContext.runAsNonRoot;
    }),
    [],
  );
  assert.deepEqual(
    await workloadViolations(policy, KINDS[0]!, (s) => {
      delete s.securityContext.runAsNonRoot;
      delete main(s).securityContext.runAsNonRoot;
      delete init(s).securityContext.runAsNonRoot;
      delete addEphemeral(s).securityContext.runAsNonRoot;
    }),
    [msg('Container "app"'), msg('Init container "fetch-model"'), msg('Ephemeral container "debug"')],
  );
});

test("pod-level false is overridden by a container's true, and flags containers that inherit it", async () => {
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) => {
      s.securityContext.runAsNonRoot = false;
      delete init(s).securityContext.runAsNonRoot;
    }),
    [msg('Init container "fetch-model"')],
  );
});

test("a patch is flagged only for an explicit false", async () => {
  const silent = deploymentPatch({ containers: [{ name: "app", image: "x:1" }] });
  assert.deepEqual(await violations(policy, silent.type, silent.props), []);
  const bad = deploymentPatch({ securityContext: { runAsNonRoot: false }, containers: [{ name: "app" }] });
  assert.deepEqual(await violations(policy, bad.type, bad.props), [msg('Container "app"')]);
});

test("an unknown value is not flagged", async () => {
  assert.deepEqual(
    await workloadViolations(
      policy,
      DEPLOYMENT,
      (s) => (main(s).securityContext.runAsNonRoot = UNKNOWN.boolean),
    ),
    [],
  );
});

test('runAsNonRoot: "" on the container overrides the pod\'s true and is not true: flagged', async () => {
  assert.deepEqual(
    await workloadOutcome(policy, DEPLOYMENT, (s) => (main(s).securityContext.runAsNonRoot = "")),
    {
      violations: [
        'Container "app" may run as root: set securityContext.runAsNonRoot: true on the pod or the container.',
      ],
    },
  );
});
