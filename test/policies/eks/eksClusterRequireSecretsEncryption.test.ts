import assert from "node:assert/strict";
import { test } from "node:test";
import { eksClusterRequireSecretsEncryption as policy } from "../../../policy-pack/policies/eks/eksClusterRequireSecretsEncryption";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

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

test("unknown encryption resources is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:eks/cluster:Cluster",
      props: {
        encryptionConfig: {
          resources: UNKNOWN.array,
          provider: { keyArn: "arn:aws:kms:us-east-1:123456789012:key/1" },
        },
      },
    }),
    {
      violations: [],
      unknownRead: "Array value at .encryptionConfig.resources can't be known during preview",
    },
  );
});

test('resources [""] does not name secrets: flagged', async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:eks/cluster:Cluster",
      props: {
        encryptionConfig: {
          resources: [""],
          provider: { keyArn: "arn:aws:kms:us-east-1:123456789012:key/1" },
        },
      },
    }),
    {
      violations: [
        'EKS secrets are not envelope-encrypted: set encryptionConfig: { resources: ["secrets"], provider: { keyArn } }.',
      ],
    },
  );
});
