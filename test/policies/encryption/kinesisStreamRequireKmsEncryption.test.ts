import assert from "node:assert/strict";
import { test } from "node:test";
import { kinesisStreamRequireKmsEncryption as policy } from "../../../policy-pack/policies/encryption/kinesisStreamRequireKmsEncryption";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:kinesis/stream:Stream";
const compliant = (): Record<string, any> => ({ name: "logs", encryptionType: "KMS", kmsKeyId: "alias/k" });

test("a compliant resource passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, compliant()), []);
});

test("the insecure setting is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { ...compliant(), ...{ encryptionType: "NONE" } }), [
    'Kinesis stream is not encrypted: set encryptionType: "KMS" and kmsKeyId.',
  ]);
});

test("encryptionType unset (NONE) is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { name: "logs" }), [
    'Kinesis stream is not encrypted: set encryptionType: "KMS" and kmsKeyId.',
  ]);
});

test("an unknown encryptionType is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, { type: "aws:kinesis/stream:Stream", props: { encryptionType: UNKNOWN.string } }),
    { violations: [], unknownRead: "string value at .encryptionType can't be known during preview" },
  );
});

test('an empty encryptionType ("") is not KMS: flagged', async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:kinesis/stream:Stream",
      props: { encryptionType: "", kmsKeyId: "" },
    }),
    { violations: ['Kinesis stream is not encrypted: set encryptionType: "KMS" and kmsKeyId.'] },
  );
});
