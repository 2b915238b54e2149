import assert from "node:assert/strict";
import { test } from "node:test";
import { ecrRepositoryRequireImmutableTags as policy } from "../../../policy-pack/policies/supplychain/ecrRepositoryRequireImmutableTags";
import { violations } from "../helpers/policyHarness";

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
