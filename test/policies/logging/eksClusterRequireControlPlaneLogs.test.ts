import assert from "node:assert/strict";
import { test } from "node:test";
import { eksClusterRequireControlPlaneLogs as policy } from "../../../policy-pack/policies/logging/eksClusterRequireControlPlaneLogs";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:eks/cluster:Cluster";

test("all five log types pass", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
    }),
    [],
  );
});

test("missing types are named", async () => {
  assert.deepEqual(await violations(policy, TYPE, { enabledClusterLogTypes: ["api", "audit"] }), [
    "EKS control-plane log types missing: authenticator, controllerManager, scheduler: set enabledClusterLogTypes to all five.",
  ]);
});

test("no log types at all is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { roleArn: "arn:r" }), [
    "EKS control-plane log types missing: api, audit, authenticator, controllerManager, scheduler: set enabledClusterLogTypes to all five.",
  ]);
});

test("unknown log types is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:eks/cluster:Cluster",
      props: { enabledClusterLogTypes: UNKNOWN.array },
    }),
    { violations: [], unknownRead: "Array value at .enabledClusterLogTypes can't be known during preview" },
  );
});

test('log types [""] name none of the five: all flagged', async () => {
  assert.deepEqual(
    await validate(policy, { type: "aws:eks/cluster:Cluster", props: { enabledClusterLogTypes: [""] } }),
    {
      violations: [
        "EKS control-plane log types missing: api, audit, authenticator, controllerManager, scheduler: set enabledClusterLogTypes to all five.",
      ],
    },
  );
});
