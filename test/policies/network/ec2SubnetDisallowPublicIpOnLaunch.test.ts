import assert from "node:assert/strict";
import { test } from "node:test";
import { ec2SubnetDisallowPublicIpOnLaunch as policy } from "../../../policy-pack/policies/network/ec2SubnetDisallowPublicIpOnLaunch";
import { violations } from "../helpers/policyHarness";

const TYPE = "aws:ec2/subnet:Subnet";

test("a subnet without public IPs on launch passes (unset is AWS's default false)", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: false }),
    [],
  );
  assert.deepEqual(await violations(policy, TYPE, { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24" }), []);
});

test("mapPublicIpOnLaunch: true is flagged, in the ingress tier too", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      vpcId: "vpc-1",
      mapPublicIpOnLaunch: true,
      tags: { "rampart:tier": "ingress" },
    }),
    ["Subnet assigns public IPs on launch: set mapPublicIpOnLaunch: false."],
  );
});
