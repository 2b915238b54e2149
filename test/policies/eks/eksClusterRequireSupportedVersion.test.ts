import assert from "node:assert/strict";
import { test } from "node:test";
import { eksClusterRequireSupportedVersion as policy } from "../../../policy-pack/policies/eks/eksClusterRequireSupportedVersion";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:eks/cluster:Cluster";

test("a version at or above the minimum passes; unset or empty lets EKS pick its latest", async () => {
  for (const version of ["1.32", "1.33", "1.35", " 1.40 "])
    assert.deepEqual(await violations(policy, TYPE, { version }), [], version);
  assert.deepEqual(await violations(policy, TYPE, { roleArn: "arn:r" }), []);
  assert.deepEqual(await violations(policy, TYPE, { version: "" }), []);
});

test("a version older than the minimum is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { version: "1.29" }), [
    'EKS version 1.29 is older than the minimum supported 1.32: upgrade the cluster and set version to "1.32" or later.',
  ]);
});

test("the minimum is configuration", async () => {
  assert.deepEqual(await violations(policy, TYPE, { version: "1.33" }, { minimumVersion: "1.34" }), [
    'EKS version 1.33 is older than the minimum supported 1.34: upgrade the cluster and set version to "1.34" or later.',
  ]);
});

test("a value that is not a minor version is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { version: "latest" }), [
    'EKS version "latest" is not a Kubernetes minor version: set version to "1.32" or later.',
  ]);
});

test("an unknown version is an advisory note during preview", async () => {
  assert.deepEqual(await validate(policy, { type: TYPE, props: { version: UNKNOWN.string } }), {
    violations: [],
    unknownRead: "string value at .version can't be known during preview",
  });
});
