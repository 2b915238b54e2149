import assert from "node:assert/strict";
import { test } from "node:test";
import { ec2InstanceRequireEbsEncryption as policy } from "../../../policy-pack/policies/encryption/ec2InstanceRequireEbsEncryption";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:ec2/instance:Instance";
const ROOT = "The root volume is not encrypted: set rootBlockDevice.encrypted: true.";
const compliant = () => ({
  ami: "ami-1",
  instanceType: "t3.micro",
  rootBlockDevice: { encrypted: true },
  ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: true }],
});

test("encrypted root and data volumes pass", async () => {
  assert.deepEqual(await violations(policy, TYPE, compliant()), []);
});

test("an unencrypted root volume is flagged", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, { ...compliant(), rootBlockDevice: { encrypted: false } }),
    [ROOT],
  );
});

test("no rootBlockDevice (the AMI's unencrypted default) is flagged", async () => {
  const { rootBlockDevice: _, ...props } = compliant();
  assert.deepEqual(await violations(policy, TYPE, props), [ROOT]);
});

test("an unencrypted attached EBS volume is flagged", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, { ...compliant(), ebsBlockDevices: [{ deviceName: "/dev/sdf" }] }),
    ["ebsBlockDevices[0] (/dev/sdf) is not encrypted: set encrypted: true."],
  );
});

test("an unknown rootBlockDevice.encrypted is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:ec2/instance:Instance",
      props: { rootBlockDevice: { encrypted: UNKNOWN.boolean } },
    }),
    {
      violations: [],
      unknownRead: "boolean value at .rootBlockDevice.encrypted can't be known during preview",
    },
  );
});

test('encrypted: "" is not true: flagged', async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:ec2/instance:Instance",
      props: { rootBlockDevice: { encrypted: "" } },
    }),
    { violations: ["The root volume is not encrypted: set rootBlockDevice.encrypted: true."] },
  );
});

test("launch configurations and spot requests are judged like instances; a noDevice mapping is skipped", async () => {
  for (const [type, kind] of [
    ["aws:ec2/launchConfiguration:LaunchConfiguration", "Launch configuration"],
    ["aws:ec2/spotInstanceRequest:SpotInstanceRequest", "Spot instance request"],
  ] as const) {
    assert.deepEqual(await violations(policy, type, compliant()), [], type);
    assert.deepEqual(
      await violations(policy, type, {
        imageId: "ami-1",
        ebsBlockDevices: [{ deviceName: "/dev/sdg", snapshotId: "snap-1" }],
      }),
      [
        `${kind}: the root volume is not encrypted: set rootBlockDevice.encrypted: true.`,
        "ebsBlockDevices[0] (/dev/sdg) is not encrypted: set encrypted: true.",
      ],
    );
  }
  assert.deepEqual(
    await violations(policy, "aws:ec2/launchConfiguration:LaunchConfiguration", {
      rootBlockDevice: { encrypted: true },
      ebsBlockDevices: [{ deviceName: "/dev/sdh", noDevice: true }],
    }),
    [],
  );
});
