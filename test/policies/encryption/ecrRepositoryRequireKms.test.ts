import assert from "node:assert/strict";
import { test } from "node:test";
import { ecrRepositoryRequireKms as policy } from "../../../policy-pack/policies/encryption/ecrRepositoryRequireKms";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

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

test("an unknown encryptionType is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:ecr/repository:Repository",
      props: { encryptionConfigurations: [{ encryptionType: UNKNOWN.string }] },
    }),
    {
      violations: [],
      unknownRead: "string value at .encryptionConfigurations.0.encryptionType can't be known during preview",
    },
  );
});

test('an empty encryptionType ("") is not KMS: flagged', async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:ecr/repository:Repository",
      props: { encryptionConfigurations: [{ encryptionType: "", kmsKey: "" }] },
    }),
    {
      violations: [
        'ECR repository is not encrypted with KMS: set encryptionConfigurations: [{ encryptionType: "KMS", kmsKey }].',
      ],
    },
  );
});

test("a repository creation template is judged like a repository, but one for pull-through caches only", async () => {
  const TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate";
  const MSG =
    'ECR repository creation template is not encrypted with KMS: set encryptionConfigurations: [{ encryptionType: "KMS", kmsKey }].';
  // Copies of public upstream images: AES256 accepted (KMS there needs a custom role).
  assert.deepEqual(
    await violations(policy, TEMPLATE, { prefix: "ROOT", appliedFors: ["PULL_THROUGH_CACHE"] }),
    [],
  );
  // Our own images replicated or created on push: judged.
  for (const appliedFors of [["REPLICATION"], ["PULL_THROUGH_CACHE", "CREATE_ON_PUSH"], [], [""]])
    assert.deepEqual(
      await violations(policy, TEMPLATE, { prefix: "ROOT", appliedFors }),
      [MSG],
      String(appliedFors),
    );
  assert.deepEqual(
    await violations(policy, TEMPLATE, {
      prefix: "ROOT",
      encryptionConfigurations: [{ encryptionType: "AES256" }],
    }),
    [
      'ECR repository creation template is not encrypted with KMS: set encryptionConfigurations: [{ encryptionType: "KMS", kmsKey }].',
    ],
  );
  assert.deepEqual(
    await violations(policy, TEMPLATE, {
      prefix: "ROOT",
      encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: "arn:k" }],
    }),
    [],
  );
});
