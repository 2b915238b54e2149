import assert from "node:assert/strict";
import { test } from "node:test";
import { eksNodeGroupDisallowRemoteAccess as policy } from "../../../policy-pack/policies/eks/eksNodeGroupDisallowRemoteAccess";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:eks/nodeGroup:NodeGroup";

test("a node group without remote access passes", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      clusterName: "c",
      nodeRoleArn: "arn:r",
      subnetIds: ["s"],
      scalingConfig: { desiredSize: 1, maxSize: 2, minSize: 0 },
    }),
    [],
  );
});

test("remoteAccess (SSH key, with or without source groups) is flagged", async () => {
  const msg = ["Node group enables SSH remote access: remove remoteAccess and use SSM Session Manager."];
  assert.deepEqual(
    await violations(policy, TYPE, { clusterName: "c", remoteAccess: { ec2SshKey: "ops" } }),
    msg,
  );
  assert.deepEqual(
    await violations(policy, TYPE, {
      clusterName: "c",
      remoteAccess: { ec2SshKey: "ops", sourceSecurityGroupIds: ["sg-1"] },
    }),
    msg,
  );
});

test("an unknown remoteAccess is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, { type: "aws:eks/nodeGroup:NodeGroup", props: { remoteAccess: UNKNOWN.object } }),
    { violations: [], unknownRead: "Object value at .remoteAccess can't be known during preview" },
  );
});

test('an empty remoteAccess ("") configures no SSH access: passes', async () => {
  assert.deepEqual(
    await validate(policy, { type: "aws:eks/nodeGroup:NodeGroup", props: { remoteAccess: "" } }),
    { violations: [] },
  );
});
