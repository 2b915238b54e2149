import assert from "node:assert/strict";
import { test } from "node:test";
import { ecrRepositoryRequireLifecyclePolicy as policy } from "../../../policy-pack/policies/supplychain/ecrRepositoryRequireLifecyclePolicy";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const REPO = "aws:ecr/repository:Repository";
const LC = "aws:ecr/lifecyclePolicy:LifecyclePolicy";
const msg = (name: string) =>
  `ECR repository "${name}" has no lifecycle policy: add an aws.ecr.LifecyclePolicy that expires untagged images and keeps the most recent tagged ones.`;

test("a repository with a lifecycle policy naming it passes", async () => {
  assert.deepEqual(
    await validateStack(policy, [
      res(REPO, "sc-repo-vllm", { name: "rampart-prod/vllm" }),
      res(LC, "sc-repo-vllm-lifecycle", { repository: "rampart-prod/vllm", policy: "{}" }),
    ]),
    [],
  );
});

test("a repository without one is flagged; another repository's policy does not count", async () => {
  const a = res(REPO, "a", { name: "rampart-prod/a" });
  const b = res(REPO, "b", { name: "rampart-prod/b" });
  assert.deepEqual(await validateStack(policy, [a, b, res(LC, "a-lc", { repository: "rampart-prod/a" })]), [
    { urn: b.urn, message: msg("rampart-prod/b") },
  ]);
  assert.deepEqual(await validateStack(policy, [a]), [{ urn: a.urn, message: msg("rampart-prod/a") }]);
  // An empty target names no repository.
  assert.deepEqual(await validateStack(policy, [a, res(LC, "lc", { repository: "" })]), [
    { urn: a.urn, message: msg("rampart-prod/a") },
  ]);
});

test("a repository without a name input is judged by its resource name", async () => {
  const r = res(REPO, "images", {});
  assert.deepEqual(await validateStack(policy, [r]), [{ urn: r.urn, message: msg("images") }]);
});

test("unknown values during preview: an unknown lifecycle target silences, an unknown name skips that repository", async () => {
  assert.deepEqual(
    await validateStack(policy, [
      res(REPO, "a", { name: "x" }),
      res(LC, "lc", { repository: UNKNOWN.string }),
    ]),
    [],
  );
  const b = res(REPO, "b", { name: "b" });
  assert.deepEqual(await validateStack(policy, [res(REPO, "a", { name: UNKNOWN.string }), b]), [
    { urn: b.urn, message: msg("b") },
  ]);
});
