import assert from "node:assert/strict";
import { test } from "node:test";
import { ec2SubnetDisallowPublicIpOnLaunch as policy } from "../../../policy-pack/policies/network/ec2SubnetDisallowPublicIpOnLaunch";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

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

test("an unknown mapPublicIpOnLaunch is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:ec2/subnet:Subnet",
      props: { mapPublicIpOnLaunch: UNKNOWN.boolean },
    }),
    { violations: [], unknownRead: "boolean value at .mapPublicIpOnLaunch can't be known during preview" },
  );
});

test('mapPublicIpOnLaunch: "" is not true: passes', async () => {
  assert.deepEqual(
    await validate(policy, { type: "aws:ec2/subnet:Subnet", props: { mapPublicIpOnLaunch: "" } }),
    { violations: [] },
  );
});

test("a default subnet assigns public IPs unless mapPublicIpOnLaunch is false (its default is true)", async () => {
  const DEFAULT_SUBNET = "aws:ec2/defaultSubnet:DefaultSubnet";
  assert.deepEqual(await violations(policy, DEFAULT_SUBNET, { availabilityZone: "eu-west-1a" }), [
    "Default subnet assigns public IPs on launch by default: set mapPublicIpOnLaunch: false.",
  ]);
  assert.deepEqual(await violations(policy, DEFAULT_SUBNET, { mapPublicIpOnLaunch: true }), [
    "Subnet assigns public IPs on launch: set mapPublicIpOnLaunch: false.",
  ]);
  assert.deepEqual(await violations(policy, DEFAULT_SUBNET, { mapPublicIpOnLaunch: false }), []);
});
