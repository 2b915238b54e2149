import assert from "node:assert/strict";
import { test } from "node:test";
import { snsTopicRequireKmsEncryption as policy } from "../../../policy-pack/policies/encryption/snsTopicRequireKmsEncryption";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:sns/topic:Topic";
const compliant = (): Record<string, any> => ({ name: "alerts", kmsMasterKeyId: "alias/rampart-logs" });

test("a compliant resource passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, compliant()), []);
});

test("the insecure setting is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { ...compliant(), ...{ kmsMasterKeyId: "" } }), [
    "SNS topic is not encrypted: set kmsMasterKeyId to a KMS key.",
  ]);
});

test("kmsMasterKeyId unset is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { name: "alerts" }), [
    "SNS topic is not encrypted: set kmsMasterKeyId to a KMS key.",
  ]);
});

test("an unknown kmsMasterKeyId is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, { type: "aws:sns/topic:Topic", props: { kmsMasterKeyId: UNKNOWN.string } }),
    { violations: [], unknownRead: "string value at .kmsMasterKeyId can't be known during preview" },
  );
});
