import assert from "node:assert/strict";
import { test } from "node:test";
import { eksNodeGroupDisallowRemoteAccess as policy } from "../../../policy-pack/policies/eks/eksNodeGroupDisallowRemoteAccess";
import { violations } from "../helpers/policyHarness";

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
