import assert from "node:assert/strict";
import { test } from "node:test";
import { ec2LaunchTemplateRequireEbsEncryption as policy } from "../../../policy-pack/policies/encryption/ec2LaunchTemplateRequireEbsEncryption";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

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

test("an unknown ebs.encrypted is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:ec2/launchTemplate:LaunchTemplate",
      props: { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: UNKNOWN.string } }] },
    }),
    {
      violations: [],
      unknownRead: "string value at .blockDeviceMappings.0.ebs.encrypted can't be known during preview",
    },
  );
});

test('ebs.encrypted "" (Terraform\'s unset) is not "true": flagged', async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:ec2/launchTemplate:LaunchTemplate",
      props: { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "" } }] },
    }),
    { violations: ['blockDeviceMappings[0] (/dev/xvda) is not encrypted: set ebs.encrypted: "true".'] },
  );
});
