import assert from "node:assert/strict";
import { test } from "node:test";
import { backupVaultRequireCmk as policy } from "../../../policy-pack/policies/encryption/backupVaultRequireCmk";
import { violations } from "../helpers/policyHarness";

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
