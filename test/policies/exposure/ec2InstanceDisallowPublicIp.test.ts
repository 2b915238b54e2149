import assert from "node:assert/strict";
import { test } from "node:test";
import { ec2InstanceDisallowPublicIp as policy } from "../../../policy-pack/policies/exposure/ec2InstanceDisallowPublicIp";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const INSTANCE = "aws:ec2/instance:Instance";
const LT = "aws:ec2/launchTemplate:LaunchTemplate";

test("an instance without a public IP passes (false, or unset: the subnet decides)", async () => {
  assert.deepEqual(await violations(policy, INSTANCE, { ami: "ami-1", associatePublicIpAddress: false }), []);
  assert.deepEqual(await violations(policy, INSTANCE, { ami: "ami-1" }), []);
});

test("Instance associatePublicIpAddress: true is flagged", async () => {
  assert.deepEqual(await violations(policy, INSTANCE, { ami: "ami-1", associatePublicIpAddress: true }), [
    "Instance gets a public IP address: set associatePublicIpAddress: false.",
  ]);
});

test('a launch template interface with associatePublicIpAddress "true" (the string the type uses) or true is flagged', async () => {
  assert.deepEqual(
    await violations(policy, LT, {
      networkInterfaces: [
        { deviceIndex: 0, associatePublicIpAddress: "false" },
        { deviceIndex: 1, associatePublicIpAddress: "true" },
        { deviceIndex: 2, associatePublicIpAddress: true },
      ],
    }),
    [
      'networkInterfaces[1] associates a public IP address: set associatePublicIpAddress: "false".',
      'networkInterfaces[2] associates a public IP address: set associatePublicIpAddress: "false".',
    ],
  );
});

test("a launch template without public interfaces passes", async () => {
  assert.deepEqual(await violations(policy, LT, { metadataOptions: { httpTokens: "required" } }), []);
  assert.deepEqual(
    await violations(policy, LT, {
      networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: "false" }, { deviceIndex: 1 }],
    }),
    [],
  );
});

test("unknown values during preview are an advisory note, not a violation or a throw", async () => {
  const instance = await validate(policy, {
    type: INSTANCE,
    props: { associatePublicIpAddress: UNKNOWN.boolean },
  });
  assert.deepEqual(instance.violations, []);
  assert.match(instance.unknownRead ?? "", /associatePublicIpAddress/);
  const lt = await validate(policy, {
    type: LT,
    props: { networkInterfaces: [{ associatePublicIpAddress: UNKNOWN.string }] },
  });
  assert.deepEqual(lt.violations, []);
  assert.match(lt.unknownRead ?? "", /associatePublicIpAddress/);
});

test("other types are ignored", async () => {
  assert.deepEqual(await violations(policy, "aws:ec2/subnet:Subnet", { associatePublicIpAddress: true }), []);
});

test("launch configurations and spot instance requests are judged like instances", async () => {
  for (const [type, kind] of [
    ["aws:ec2/launchConfiguration:LaunchConfiguration", "Launch configuration"],
    ["aws:ec2/spotInstanceRequest:SpotInstanceRequest", "Spot instance request"],
  ] as const) {
    assert.deepEqual(await violations(policy, type, { associatePublicIpAddress: true }), [
      `${kind} gets a public IP address: set associatePublicIpAddress: false.`,
    ]);
    assert.deepEqual(await violations(policy, type, { associatePublicIpAddress: false }), []);
    assert.deepEqual(await violations(policy, type, { imageId: "ami-1" }), []);
  }
});
