import assert from "node:assert/strict";
import { test } from "node:test";
import { efsFileSystemRequireEncryption as policy } from "../../../policy-pack/policies/encryption/efsFileSystemRequireEncryption";
import { violations } from "../helpers/policyHarness";

const TYPE = "aws:efs/fileSystem:FileSystem";
const compliant = () => ({ encrypted: true, kmsKeyId: "k" });

test("a compliant resource passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, compliant()), []);
});

test("the insecure setting is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { ...compliant(), ...{ encrypted: false } }), [
    "EFS file system is not encrypted: set encrypted: true (and kmsKeyId).",
  ]);
});

test("encrypted unset is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { performanceMode: "generalPurpose" }), [
    "EFS file system is not encrypted: set encrypted: true (and kmsKeyId).",
  ]);
});
