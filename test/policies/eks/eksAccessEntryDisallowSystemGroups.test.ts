import assert from "node:assert/strict";
import { test } from "node:test";
import { eksAccessEntryDisallowSystemGroups as policy } from "../../../policy-pack/policies/eks/eksAccessEntryDisallowSystemGroups";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:eks/accessEntry:AccessEntry";
const entry = (kubernetesGroups?: unknown) => ({
  clusterName: "rampart-prod",
  principalArn: "arn:aws:iam::111122223333:role/rampart-prod-audit-view",
  type: "STANDARD",
  ...(kubernetesGroups !== undefined ? { kubernetesGroups } : {}),
});
const MASTERS =
  "Access entry maps the principal to system:masters, which bypasses RBAC and cannot be revoked by any binding: map it to a group of your own, or associate AmazonEKSClusterAdminPolicy for a real administrator.";

test("our groups (rampart:<role>) and no groups pass", async () => {
  assert.deepEqual(await violations(policy, TYPE, entry(["rampart:audit-view"])), []);
  assert.deepEqual(await violations(policy, TYPE, entry()), []);
});

test("system:masters and other system: groups are flagged, each once", async () => {
  assert.deepEqual(await violations(policy, TYPE, entry(["rampart:x", "system:masters", "System:Nodes"])), [
    MASTERS,
    "Access entry maps the principal to the reserved group System:Nodes: map it to a group of your own and bind that group to a purpose-built role.",
  ]);
  assert.deepEqual(await violations(policy, TYPE, entry([" system:masters "])), [MASTERS]);
});

test("unknown groups are an advisory note during preview; an unknown entry in a known list is skipped", async () => {
  assert.deepEqual(await validate(policy, { type: TYPE, props: entry(UNKNOWN.array) }), {
    violations: [],
    unknownRead: "Array value at .kubernetesGroups can't be known during preview",
  });
  assert.deepEqual(
    (await validate(policy, { type: TYPE, props: entry([UNKNOWN.string]) })).unknownRead !== undefined,
    true,
  );
});

test('an empty group name ("") is not a system group', async () => {
  assert.deepEqual(await violations(policy, TYPE, entry([""])), []);
});
