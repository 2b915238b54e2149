import assert from "node:assert/strict";
import { test } from "node:test";
import { ec2LaunchTemplateRequireEbsEncryption as policy } from "../../../policy-pack/policies/encryption/ec2LaunchTemplateRequireEbsEncryption";
import { violations } from "../helpers/policyHarness";

const TYPE = "aws:ec2/launchTemplate:LaunchTemplate";
const root = (ebs: Record<string, unknown>) => ({
  deviceName: "/dev/xvda",
  ebs: { volumeSize: 200, ...ebs },
});

test('encrypted mappings pass, as the string "true" or a boolean', async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      blockDeviceMappings: [
        root({ encrypted: "true" }),
        { deviceName: "/dev/xvdb", ebs: { encrypted: true } },
      ],
    }),
    [],
  );
});

test('a mapping with encrypted "false" is flagged with its device name', async () => {
  assert.deepEqual(await violations(policy, TYPE, { blockDeviceMappings: [root({ encrypted: "false" })] }), [
    'blockDeviceMappings[0] (/dev/xvda) is not encrypted: set ebs.encrypted: "true".',
  ]);
});

test("a mapping with encrypted unset is flagged", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      blockDeviceMappings: [root({ encrypted: "true" }), { ebs: { volumeSize: 10 } }],
    }),
    ['blockDeviceMappings[1] is not encrypted: set ebs.encrypted: "true".'],
  );
});

test("instance-store and no-device mappings, and templates without mappings, pass", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      blockDeviceMappings: [{ deviceName: "/dev/sdb", virtualName: "ephemeral0" }],
    }),
    [],
  );
  assert.deepEqual(await violations(policy, TYPE, { imageId: "ami-1" }), []);
});
