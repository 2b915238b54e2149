import assert from "node:assert/strict";
import { test } from "node:test";
import { kinesisStreamRequireKmsEncryption as policy } from "../../../policy-pack/policies/encryption/kinesisStreamRequireKmsEncryption";
import { violations } from "../helpers/policyHarness";

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
