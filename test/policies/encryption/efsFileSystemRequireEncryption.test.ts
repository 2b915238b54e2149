import assert from "node:assert/strict";
import { test } from "node:test";
import { efsFileSystemRequireEncryption as policy } from "../../../policy-pack/policies/encryption/efsFileSystemRequireEncryption";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

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

test("an unknown encrypted flag is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, { type: "aws:efs/fileSystem:FileSystem", props: { encrypted: UNKNOWN.boolean } }),
    { violations: [], unknownRead: "boolean value at .encrypted can't be known during preview" },
  );
});

test('encrypted: "" is not true: flagged', async () => {
  assert.deepEqual(
    await validate(policy, { type: "aws:efs/fileSystem:FileSystem", props: { encrypted: "" } }),
    { violations: ["EFS file system is not encrypted: set encrypted: true (and kmsKeyId)."] },
  );
});
