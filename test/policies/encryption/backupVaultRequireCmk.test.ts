import assert from "node:assert/strict";
import { test } from "node:test";
import { backupVaultRequireCmk as policy } from "../../../policy-pack/policies/encryption/backupVaultRequireCmk";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:backup/vault:Vault";
const compliant = (): Record<string, any> => ({
  name: "rampart",
  kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/backup",
});

test("a compliant resource passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, compliant()), []);
});

test("the insecure setting is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { ...compliant(), ...{ kmsKeyArn: undefined } }), [
    "Backup vault uses the default AWS-managed key: set kmsKeyArn to a customer-managed KMS key.",
  ]);
});

test("an unknown kmsKeyArn is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, { type: "aws:backup/vault:Vault", props: { kmsKeyArn: UNKNOWN.string } }),
    { violations: [], unknownRead: "string value at .kmsKeyArn can't be known during preview" },
  );
});

test('an empty kmsKeyArn ("") names no key: flagged', async () => {
  assert.deepEqual(await validate(policy, { type: "aws:backup/vault:Vault", props: { kmsKeyArn: "" } }), {
    violations: [
      "Backup vault uses the default AWS-managed key: set kmsKeyArn to a customer-managed KMS key.",
    ],
  });
});
