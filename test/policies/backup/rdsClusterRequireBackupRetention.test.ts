import assert from "node:assert/strict";
import { test } from "node:test";
import { rdsClusterRequireBackupRetention as policy } from "../../../policy-pack/policies/backup/rdsClusterRequireBackupRetention";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:rds/cluster:Cluster";
const compliant = () => ({ engine: "aurora-postgresql", backupRetentionPeriod: 14 });

test("a compliant cluster passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, compliant()), []);
});

test("a short retention is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { ...compliant(), backupRetentionPeriod: 3 }), [
    "RDS cluster backupRetentionPeriod is 3 days: set backupRetentionPeriod to at least 7.",
  ]);
});

test("an omitted retention (the provider's 1-day default) is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { engine: "aurora-mysql" }), [
    "RDS cluster backupRetentionPeriod is unset (the provider's default is 1): set backupRetentionPeriod to at least 7.",
  ]);
});

test("the 1-day default passes when the minimum is configured to 1", async () => {
  assert.deepEqual(await violations(policy, TYPE, { engine: "aurora-mysql" }, { minimumDays: 1 }), []);
});

test('an empty string ("") or a non-number is flagged', async () => {
  assert.deepEqual(await violations(policy, TYPE, { ...compliant(), backupRetentionPeriod: "" }), [
    'RDS cluster backupRetentionPeriod "" is not a number of days: set backupRetentionPeriod to at least 7.',
  ]);
  assert.deepEqual(await violations(policy, TYPE, { ...compliant(), backupRetentionPeriod: "7" }), []);
});

test("a cross-Region replica cluster is not judged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { replicationSourceIdentifier: "arn:aws:rds:c" }), []);
});

test("an unknown retention is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(await validate(policy, { type: TYPE, props: { backupRetentionPeriod: UNKNOWN.number } }), {
    violations: [],
    unknownRead: "number value at .backupRetentionPeriod can't be known during preview",
  });
});
