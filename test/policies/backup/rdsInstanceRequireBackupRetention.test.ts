import assert from "node:assert/strict";
import { test } from "node:test";
import { rdsInstanceRequireBackupRetention as policy } from "../../../policy-pack/policies/backup/rdsInstanceRequireBackupRetention";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:rds/instance:Instance";
const compliant = () => ({ engine: "postgres", instanceClass: "db.t4g.micro", backupRetentionPeriod: 7 });

test("a compliant instance (7 days, the default minimum) passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, compliant()), []);
  assert.deepEqual(await violations(policy, TYPE, { ...compliant(), backupRetentionPeriod: 35 }), []);
});

test("0 turns automated backups off: flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { ...compliant(), backupRetentionPeriod: 0 }), [
    "RDS instance backupRetentionPeriod is 0, which turns automated backups off: set backupRetentionPeriod to at least 7.",
  ]);
});

test("a retention below the minimum is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { ...compliant(), backupRetentionPeriod: 1 }), [
    "RDS instance backupRetentionPeriod is 1 day: set backupRetentionPeriod to at least 7.",
  ]);
});

test("an omitted retention (the provider's default 0) is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { engine: "postgres" }), [
    "RDS instance backupRetentionPeriod is unset (the provider's default is 0): set backupRetentionPeriod to at least 7.",
  ]);
});

test('an empty string ("") is not a number of days: flagged', async () => {
  assert.deepEqual(await violations(policy, TYPE, { ...compliant(), backupRetentionPeriod: "" }), [
    'RDS instance backupRetentionPeriod "" is not a number of days: set backupRetentionPeriod to at least 7.',
  ]);
});

test("the minimum is configurable (dev keeps 1 day)", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, { ...compliant(), backupRetentionPeriod: 1 }, { minimumDays: 1 }),
    [],
  );
  assert.deepEqual(
    await violations(policy, TYPE, { ...compliant(), backupRetentionPeriod: 0 }, { minimumDays: 1 }),
    [
      "RDS instance backupRetentionPeriod is 0, which turns automated backups off: set backupRetentionPeriod to at least 1.",
    ],
  );
});

test("a read replica (restored from its source's backups) is not judged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { replicateSourceDb: "arn:aws:rds:db:primary" }), []);
  // An empty source is no replica.
  assert.deepEqual((await violations(policy, TYPE, { replicateSourceDb: "" })).length, 1);
});

test("an unknown retention is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(await validate(policy, { type: TYPE, props: { backupRetentionPeriod: UNKNOWN.number } }), {
    violations: [],
    unknownRead: "number value at .backupRetentionPeriod can't be known during preview",
  });
});
