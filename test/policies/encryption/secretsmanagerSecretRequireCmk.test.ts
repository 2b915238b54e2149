import assert from "node:assert/strict";
import { test } from "node:test";
import { secretsmanagerSecretRequireCmk as policy } from "../../../policy-pack/policies/encryption/secretsmanagerSecretRequireCmk";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:secretsmanager/secret:Secret";
const compliant = (): Record<string, any> => ({
  name: "hf-token",
  kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/secrets",
});

test("a compliant resource passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, compliant()), []);
});

test("the insecure setting is flagged", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, { ...compliant(), ...{ kmsKeyId: "alias/aws/secretsmanager" } }),
    ["Secret uses the AWS-managed key: set kmsKeyId to a customer-managed KMS key."],
  );
});

test("kmsKeyId unset (aws/secretsmanager) is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { name: "hf-token" }), [
    "Secret uses the AWS-managed key: set kmsKeyId to a customer-managed KMS key.",
  ]);
});

test("an unknown kmsKeyId is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, { type: "aws:secretsmanager/secret:Secret", props: { kmsKeyId: UNKNOWN.string } }),
    { violations: [], unknownRead: "string value at .kmsKeyId can't be known during preview" },
  );
});

test('an empty kmsKeyId ("") means the AWS-managed key: flagged', async () => {
  assert.deepEqual(
    await validate(policy, { type: "aws:secretsmanager/secret:Secret", props: { kmsKeyId: "" } }),
    { violations: ["Secret uses the AWS-managed key: set kmsKeyId to a customer-managed KMS key."] },
  );
});

test("the AWS-managed key named by its alias ARN is flagged too", async () => {
  for (const kmsKeyId of [
    "arn:aws:kms:eu-west-1:123456789012:alias/aws/secretsmanager",
    " alias/aws/secretsmanager ",
  ])
    assert.deepEqual(await violations(policy, "aws:secretsmanager/secret:Secret", { kmsKeyId }), [
      "Secret uses the AWS-managed key: set kmsKeyId to a customer-managed KMS key.",
    ]);
  assert.deepEqual(
    await violations(policy, "aws:secretsmanager/secret:Secret", {
      kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:alias/rampart-secrets",
    }),
    [],
  );
});
