import assert from "node:assert/strict";
import { test } from "node:test";
import { rdsClusterRequireDeletionProtection as policy } from "../../../policy-pack/policies/backup/rdsClusterRequireDeletionProtection";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const CLUSTER = "aws:rds/cluster:Cluster";
const GLOBAL = "aws:rds/globalCluster:GlobalCluster";

test("deletionProtection: true passes on clusters and global clusters", async () => {
  assert.deepEqual(
    await violations(policy, CLUSTER, { engine: "aurora-postgresql", deletionProtection: true }),
    [],
  );
  assert.deepEqual(
    await violations(policy, GLOBAL, { globalClusterIdentifier: "g", deletionProtection: true }),
    [],
  );
});

test("false or omitted (default false) is flagged, on either kind", async () => {
  const cluster = "RDS cluster has no deletion protection: set deletionProtection: true.";
  const global = "RDS global cluster has no deletion protection: set deletionProtection: true.";
  assert.deepEqual(await violations(policy, CLUSTER, { deletionProtection: false }), [cluster]);
  assert.deepEqual(await violations(policy, CLUSTER, { engine: "aurora-mysql" }), [cluster]);
  assert.deepEqual(await violations(policy, GLOBAL, { globalClusterIdentifier: "g" }), [global]);
});

test('deletionProtection: "" is not true: flagged', async () => {
  assert.deepEqual(await violations(policy, CLUSTER, { deletionProtection: "" }), [
    "RDS cluster has no deletion protection: set deletionProtection: true.",
  ]);
});

test("an unknown deletionProtection is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(await validate(policy, { type: GLOBAL, props: { deletionProtection: UNKNOWN.boolean } }), {
    violations: [],
    unknownRead: "boolean value at .deletionProtection can't be known during preview",
  });
});
