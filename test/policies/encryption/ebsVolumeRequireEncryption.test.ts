import assert from "node:assert/strict";
import { test } from "node:test";
import { ebsVolumeRequireEncryption as policy } from "../../../policy-pack/policies/encryption/ebsVolumeRequireEncryption";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:ebs/volume:Volume";
const MSG = "EBS volume is not encrypted: set encrypted: true (and kmsKeyId).";
const compliant = () => ({
  availabilityZone: "eu-west-1a",
  size: 100,
  encrypted: true,
  kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k",
});

test("an encrypted volume passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, compliant()), []);
});

test("encrypted: false is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { ...compliant(), encrypted: false }), [MSG]);
});

test("encrypted unset is flagged (AWS's default without account-level encryption is off)", async () => {
  const { encrypted: _, ...props } = compliant();
  assert.deepEqual(await violations(policy, TYPE, props), [MSG]);
});

test("an unknown flag is an advisory note, not a violation", async () => {
  const outcome = await validate(policy, {
    type: TYPE,
    props: { ...compliant(), encrypted: UNKNOWN.boolean },
  });
  assert.deepEqual(outcome.violations, []);
  assert.match(outcome.unknownRead ?? "", /encrypted/);
});
