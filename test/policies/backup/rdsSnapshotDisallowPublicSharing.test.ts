import assert from "node:assert/strict";
import { test } from "node:test";
import { rdsSnapshotDisallowPublicSharing as policy } from "../../../policy-pack/policies/backup/rdsSnapshotDisallowPublicSharing";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPES = [
  "aws:rds/snapshot:Snapshot",
  "aws:rds/snapshotCopy:SnapshotCopy",
  "aws:rds/clusterSnapshot:ClusterSnapshot",
  "aws:rds/clusterSnapshotCopy:ClusterSnapshotCopy",
];
const MSG = 'RDS snapshot is public (sharedAccounts includes "all"): list only the account IDs that need it.';

test("unshared snapshots and snapshots shared with named accounts pass", async () => {
  for (const type of TYPES) {
    assert.deepEqual(await violations(policy, type, { dbSnapshotIdentifier: "s" }), []);
    assert.deepEqual(await violations(policy, type, { sharedAccounts: ["123456789012"] }), []);
    assert.deepEqual(await violations(policy, type, { sharedAccounts: [] }), []);
  }
});

test('"all" (public) is flagged on every snapshot kind, in any case or spacing', async () => {
  for (const type of TYPES)
    assert.deepEqual(await violations(policy, type, { sharedAccounts: ["123456789012", "all"] }), [MSG]);
  assert.deepEqual(await violations(policy, TYPES[0]!, { sharedAccounts: [" ALL "] }), [MSG]);
});

test('an empty account ("") is not public', async () => {
  assert.deepEqual(await violations(policy, TYPES[0]!, { sharedAccounts: [""] }), []);
});

test("an unknown sharedAccounts is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(await validate(policy, { type: TYPES[0]!, props: { sharedAccounts: UNKNOWN.array } }), {
    violations: [],
    unknownRead: "Array value at .sharedAccounts can't be known during preview",
  });
});
