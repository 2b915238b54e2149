import assert from "node:assert/strict";
import { test } from "node:test";
import { workloadDisallowHostPorts as policy } from "../../../policy-pack/policies/k8s-workloads/workloadDisallowHostPorts";
import { UNKNOWN } from "../helpers/policyHarness";
import {
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

for (const kind of KINDS)
  test(`${kind.kind}: a hostPort is flagged`, async () => {
    assert.deepEqual(await workloadViolations(policy, kind, (s) => (main(s).ports[0].hostPort = 8080)), [
      'Container "app" binds host port 8080: remove ports[].hostPort and use a Service.',
    ]);
  });

test("init containers are checked; hostPort 0 and unknown ports are not flagged", async () => {
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) => {
      init(s).ports[0].hostPort = 9000;
      main(s).ports.push({ containerPort: 1, hostPort: 0 }, { containerPort: 2, hostPort: UNKNOWN.number });
    }),
    ['Init container "fetch-model" binds host port 9000: remove ports[].hostPort and use a Service.'],
  );
});

test("an unknown hostPort is not read and says nothing; a known one in another container is flagged", async () => {
  assert.deepEqual(
    await workloadOutcome(policy, DEPLOYMENT, (s) => {
      main(s).ports = [{ containerPort: 8080, hostPort: UNKNOWN.number }];
      init(s).ports = [{ containerPort: 9090, hostPort: 9090 }];
    }),
    {
      violations: [
        'Init container "fetch-model" binds host port 9090: remove ports[].hostPort and use a Service.',
      ],
    },
  );
});

test('a hostPort of "" is neither unset nor 0: flagged', async () => {
  assert.deepEqual(
    await workloadOutcome(
      policy,
      DEPLOYMENT,
      (s) => (main(s).ports = [{ containerPort: 8080, hostPort: "" }]),
    ),
    { violations: ['Container "app" binds host port : remove ports[].hostPort and use a Service.'] },
  );
});

patchCases(policy, { containers: [{ name: "app", ports: [{ containerPort: 8080, hostPort: 8080 }] }] }, [
  'Container "app" binds host port 8080: remove ports[].hostPort and use a Service.',
]);
