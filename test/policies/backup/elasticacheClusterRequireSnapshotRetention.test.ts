import assert from "node:assert/strict";
import { test } from "node:test";
import { elasticacheClusterRequireSnapshotRetention as policy } from "../../../policy-pack/policies/backup/elasticacheClusterRequireSnapshotRetention";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const CLUSTER = "aws:elasticache/cluster:Cluster";
const GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";

test("a replication group and a Redis cluster keeping snapshots pass", async () => {
  assert.deepEqual(await violations(policy, GROUP, { engine: "valkey", snapshotRetentionLimit: 5 }), []);
  assert.deepEqual(await violations(policy, CLUSTER, { engine: "redis", snapshotRetentionLimit: 1 }), []);
});

test("an omitted limit (default 0, no snapshots) is flagged", async () => {
  assert.deepEqual(await violations(policy, GROUP, { engine: "redis", description: "sessions" }), [
    "ElastiCache replication group keeps no snapshots (snapshotRetentionLimit unset, default 0): set snapshotRetentionLimit to at least 1.",
  ]);
  assert.deepEqual(await violations(policy, CLUSTER, { engine: "redis" }), [
    "ElastiCache cluster keeps no snapshots (snapshotRetentionLimit unset, default 0): set snapshotRetentionLimit to at least 1.",
  ]);
});

test("a limit of 0 is flagged", async () => {
  assert.deepEqual(await violations(policy, GROUP, { snapshotRetentionLimit: 0 }), [
    "ElastiCache replication group keeps no snapshots (snapshotRetentionLimit 0): set snapshotRetentionLimit to at least 1.",
  ]);
});

test("the minimum is configurable", async () => {
  assert.deepEqual(await violations(policy, GROUP, { snapshotRetentionLimit: 3 }, { minimumDays: 7 }), [
    "ElastiCache replication group keeps snapshots for 3 days: set snapshotRetentionLimit to at least 7.",
  ]);
});

test('an empty string ("") is not a number of days: flagged', async () => {
  assert.deepEqual(await violations(policy, GROUP, { snapshotRetentionLimit: "" }), [
    'ElastiCache replication group has snapshotRetentionLimit "", not a number of days: set snapshotRetentionLimit to at least 1.',
  ]);
});

test("Memcached, replication-group members and cache.t1.micro nodes are not judged", async () => {
  assert.deepEqual(await violations(policy, CLUSTER, { engine: "memcached" }), []);
  assert.deepEqual(await violations(policy, CLUSTER, { engine: "Memcached" }), []);
  assert.deepEqual(await violations(policy, CLUSTER, { replicationGroupId: "rg-1" }), []);
  assert.deepEqual(await violations(policy, CLUSTER, { engine: "redis", nodeType: "cache.t1.micro" }), []);
});

test("an unknown limit is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, { type: GROUP, props: { snapshotRetentionLimit: UNKNOWN.number } }),
    {
      violations: [],
      unknownRead: "number value at .snapshotRetentionLimit can't be known during preview",
    },
  );
});
