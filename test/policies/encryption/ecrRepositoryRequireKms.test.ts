import assert from "node:assert/strict";
import { test } from "node:test";
import { ecrRepositoryRequireKms as policy } from "../../../policy-pack/policies/encryption/ecrRepositoryRequireKms";
import { violations } from "../helpers/policyHarness";

const TYPE = "aws:ecr/repository:Repository";
const compliant = (): Record<string, any> => ({
  name: "vllm",
  encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: "arn:k" }],
});

test("a compliant resource passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, compliant()), []);
});

test("the insecure setting is flagged", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      ...compliant(),
      ...{ encryptionConfigurations: [{ encryptionType: "AES256" }] },
    }),
    [
      'ECR repository is not encrypted with KMS: set encryptionConfigurations: [{ encryptionType: "KMS", kmsKey }].',
    ],
  );
});

test("no encryptionConfigurations (the AES256 default) is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { name: "vllm" }), [
    'ECR repository is not encrypted with KMS: set encryptionConfigurations: [{ encryptionType: "KMS", kmsKey }].',
  ]);
});

test("KMS_DSSE passes", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, { encryptionConfigurations: [{ encryptionType: "KMS_DSSE" }] }),
    [],
  );
});
