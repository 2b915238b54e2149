import assert from "node:assert/strict";
import { test } from "node:test";
import { workloadRequireResourceLimits as policy } from "../../../policy-pack/policies/k8s-workloads/workloadRequireResourceLimits";
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

const msg = (who: string, missing: string) =>
  `${who} does not set ${missing}: bound what it may take from the node.`;

for (const kind of KINDS)
  test(`${kind.kind}: a container without a memory limit is flagged`, async () => {
    assert.deepEqual(await workloadViolations(policy, kind, (s) => delete main(s).resources.limits.memory), [
      msg('Container "app"', "resources.limits.memory"),
    ]);
  });

test("no resources at all lists every missing bound; init containers are checked, ephemeral ones cannot be", async () => {
  assert.deepEqual(
    await workloadViolations(policy, KINDS[0]!, (s) => {
      delete init(s).resources;
      addEphemeral(s);
    }),
    [
      msg(
        'Init container "fetch-model"',
        "resources.limits.cpu, resources.limits.memory, resources.requests.cpu, resources.requests.memory",
      ),
    ],
  );
});

test("requests are optional with requireRequests: false; resources is configurable", async () => {
  const noRequests = (s: any) => delete main(s).resources.requests;
  assert.deepEqual(await workloadViolations(policy, DEPLOYMENT, noRequests, { requireRequests: false }), []);
  assert.deepEqual(await workloadViolations(policy, DEPLOYMENT, noRequests), [
    msg('Container "app"', "resources.requests.cpu, resources.requests.memory"),
  ]);
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, () => {}, {
      resources: ["cpu", "memory", "ephemeral-storage"],
    }),
    [
      msg('Container "app"', "resources.limits.ephemeral-storage, resources.requests.ephemeral-storage"),
      msg(
        'Init container "fetch-model"',
        "resources.limits.ephemeral-storage, resources.requests.ephemeral-storage",
      ),
    ],
  );
});

test("pod-level resources bound every container", async () => {
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) => {
      delete main(s).resources;
      delete init(s).resources;
      s.resources = { limits: { cpu: "4", memory: "16Gi" }, requests: { cpu: "2", memory: "8Gi" } };
    }),
    [],
  );
});

test("unknown resources are not flagged; a patch is not checked for absent fields", async () => {
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) => {
      main(s).resources = UNKNOWN.object;
      init(s).resources.limits = UNKNOWN.object;
    }),
    [],
  );
  const patch = deploymentPatch({ containers: [{ name: "app", image: "x:1" }] });
  assert.deepEqual(await violations(policy, patch.type, patch.props), []);
});

test('a limit of "" is set (the API server validates quantities): passes', async () => {
  assert.deepEqual(await workloadOutcome(policy, DEPLOYMENT, (s) => (main(s).resources.limits.cpu = "")), {
    violations: [],
  });
});

const gpu = (s: any, limits: Record<string, unknown>, requests?: Record<string, unknown>) => {
  Object.assign(main(s).resources.limits, limits);
  if (requests) Object.assign(main(s).resources.requests, requests);
};
const storage = { "ephemeral-storage": "100Gi" };

for (const kind of KINDS)
  test(`${kind.kind}: a GPU container without an ephemeral-storage bound is flagged`, async () => {
    assert.deepEqual(
      await workloadViolations(policy, kind, (s) => gpu(s, { "nvidia.com/gpu": 1 }, { "nvidia.com/gpu": 1 })),
      [msg('Container "app"', "resources.limits.ephemeral-storage, resources.requests.ephemeral-storage")],
    );
  });

test("GPU requests must equal limits; a request without a limit is flagged; a limit alone is fine", async () => {
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) =>
      gpu(s, { "nvidia.com/gpu": "2", ...storage }, { "nvidia.com/gpu": "1", ...storage }),
    ),
    [
      'Container "app" requests 1 nvidia.com/gpu but limits 2: set requests equal to limits (GPUs cannot be overcommitted).',
    ],
  );
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) =>
      gpu(s, storage, { "nvidia.com/gpu": "1", ...storage }),
    ),
    [
      'Container "app" requests nvidia.com/gpu without a limit: set resources.limits.nvidia.com/gpu (GPUs are allocated by limit).',
    ],
  );
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) => gpu(s, { "nvidia.com/gpu": 1, ...storage }, storage)),
    [],
  );
  // 1 and "1" are the same quantity as the API server stores them.
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) =>
      gpu(s, { "nvidia.com/gpu": 1, ...storage }, { "nvidia.com/gpu": "1", ...storage }),
    ),
    [],
  );
});

test("GPU checks: unknown GPU values are not flagged; the GPU resource names and extra bounds are configurable", async () => {
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) =>
      gpu(s, { "nvidia.com/gpu": UNKNOWN.string, ...storage }, { "nvidia.com/gpu": "1", ...storage }),
    ),
    [],
  );
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) => gpu(s, { "amd.com/gpu": 1 }), {
      gpuResourceNames: ["amd.com/gpu"],
      gpuBoundedResources: [],
    }),
    [],
  );
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) => gpu(s, { "amd.com/gpu": 1 }), {
      gpuResourceNames: ["amd.com/gpu"],
    }),
    [msg('Container "app"', "resources.limits.ephemeral-storage, resources.requests.ephemeral-storage")],
  );
  // A container without a GPU is not asked for ephemeral storage.
  assert.deepEqual(await workloadViolations(policy, DEPLOYMENT, () => {}), []);
});
