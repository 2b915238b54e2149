import assert from "node:assert/strict";
import { test } from "node:test";
import { ecrRepositoryRequireImmutableTags as policy } from "../../../policy-pack/policies/supplychain/ecrRepositoryRequireImmutableTags";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:ecr/repository:Repository";

test("IMMUTABLE passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, { imageTagMutability: "IMMUTABLE" }), []);
});

test("MUTABLE, and unset (the default MUTABLE), are flagged", async () => {
  const msg = ['ECR image tags are MUTABLE: set imageTagMutability: "IMMUTABLE".'];
  assert.deepEqual(await violations(policy, TYPE, { imageTagMutability: "MUTABLE" }), msg);
  assert.deepEqual(await violations(policy, TYPE, { name: "vllm" }), msg);
});

test("IMMUTABLE_WITH_EXCLUSION is flagged unless config allows exclusions", async () => {
  assert.deepEqual(await violations(policy, TYPE, { imageTagMutability: "IMMUTABLE_WITH_EXCLUSION" }), [
    'ECR image tags are IMMUTABLE_WITH_EXCLUSION: set imageTagMutability: "IMMUTABLE".',
  ]);
  assert.deepEqual(
    await violations(
      policy,
      TYPE,
      { imageTagMutability: "IMMUTABLE_WITH_EXCLUSION" },
      { allowExclusions: true },
    ),
    [],
  );
});

test("an unknown imageTagMutability is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:ecr/repository:Repository",
      props: { imageTagMutability: UNKNOWN.string },
    }),
    { violations: [], unknownRead: "string value at .imageTagMutability can't be known during preview" },
  );
});

test('an empty imageTagMutability ("") is not IMMUTABLE: flagged', async () => {
  assert.deepEqual(
    await validate(policy, { type: "aws:ecr/repository:Repository", props: { imageTagMutability: "" } }),
    { violations: ['ECR image tags are : set imageTagMutability: "IMMUTABLE".'] },
  );
});
