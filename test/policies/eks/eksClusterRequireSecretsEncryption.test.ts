import assert from "node:assert/strict";
import { test } from "node:test";
import { eksClusterRequireSecretsEncryption as policy } from "../../../policy-pack/policies/eks/eksClusterRequireSecretsEncryption";
import { violations } from "../helpers/policyHarness";

const TYPE = "aws:eks/cluster:Cluster";
const MSG =
  'EKS secrets are not envelope-encrypted: set encryptionConfig: { resources: ["secrets"], provider: { keyArn } }.';

test("secrets encryption with a KMS key passes", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: "arn:k" } },
    }),
    [],
  );
});

test("no encryptionConfig is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { roleArn: "arn:r" }), [MSG]);
});

test("an encryptionConfig without secrets is flagged", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, { encryptionConfig: { resources: [], provider: { keyArn: "arn:k" } } }),
    [MSG],
  );
});
