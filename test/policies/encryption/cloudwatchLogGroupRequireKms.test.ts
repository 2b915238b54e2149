import assert from "node:assert/strict";
import { test } from "node:test";
import { cloudwatchLogGroupRequireKms as policy } from "../../../policy-pack/policies/encryption/cloudwatchLogGroupRequireKms";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:cloudwatch/logGroup:LogGroup";
const compliant = (): Record<string, any> => ({
  name: "/rampart/audit",
  retentionInDays: 365,
  kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/logs",
});

test("a compliant resource passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, compliant()), []);
});

test("the insecure setting is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { ...compliant(), ...{ kmsKeyId: undefined } }), [
    "Log group is not encrypted with a KMS key: set kmsKeyId.",
  ]);
});

test("an unknown kmsKeyId is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, { type: "aws:cloudwatch/logGroup:LogGroup", props: { kmsKeyId: UNKNOWN.string } }),
    { violations: [], unknownRead: "string value at .kmsKeyId can't be known during preview" },
  );
});

test('an empty kmsKeyId ("") names no key: flagged', async () => {
  assert.deepEqual(
    await validate(policy, { type: "aws:cloudwatch/logGroup:LogGroup", props: { kmsKeyId: "" } }),
    { violations: ["Log group is not encrypted with a KMS key: set kmsKeyId."] },
  );
});
