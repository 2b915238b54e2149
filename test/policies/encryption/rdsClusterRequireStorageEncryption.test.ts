import assert from "node:assert/strict";
import { test } from "node:test";
import { rdsClusterRequireStorageEncryption as policy } from "../../../policy-pack/policies/encryption/rdsClusterRequireStorageEncryption";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:rds/cluster:Cluster";
const compliant = () => ({ engine: "aurora-postgresql", storageEncrypted: true });

test("a compliant resource passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, compliant()), []);
});

test("the insecure setting is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { ...compliant(), ...{ storageEncrypted: false } }), [
    "RDS cluster storage is not encrypted: set storageEncrypted: true (and kmsKeyId).",
  ]);
});

test("storageEncrypted unset is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { engine: "aurora-postgresql" }), [
    "RDS cluster storage is not encrypted: set storageEncrypted: true (and kmsKeyId).",
  ]);
});

test("an unknown storageEncrypted is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, { type: "aws:rds/cluster:Cluster", props: { storageEncrypted: UNKNOWN.boolean } }),
    { violations: [], unknownRead: "boolean value at .storageEncrypted can't be known during preview" },
  );
});

test('storageEncrypted: "" is not true: flagged', async () => {
  assert.deepEqual(
    await validate(policy, { type: "aws:rds/cluster:Cluster", props: { storageEncrypted: "" } }),
    { violations: ["RDS cluster storage is not encrypted: set storageEncrypted: true (and kmsKeyId)."] },
  );
});

const GLOBAL = "aws:rds/globalCluster:GlobalCluster";
const GLOBAL_MSG = "RDS global cluster storage is not encrypted: set storageEncrypted: true.";

test("a global cluster created empty must set storageEncrypted (default false)", async () => {
  assert.deepEqual(
    await violations(policy, GLOBAL, { globalClusterIdentifier: "g", engine: "aurora-postgresql" }),
    [GLOBAL_MSG],
  );
  assert.deepEqual(
    await violations(policy, GLOBAL, { globalClusterIdentifier: "g", storageEncrypted: false }),
    [GLOBAL_MSG],
  );
  assert.deepEqual(
    await violations(policy, GLOBAL, { globalClusterIdentifier: "g", storageEncrypted: true }),
    [],
  );
});

test("a global cluster built from a source cluster takes its encryption (judged on the source)", async () => {
  assert.deepEqual(
    await violations(policy, GLOBAL, {
      globalClusterIdentifier: "g",
      sourceDbClusterIdentifier: "arn:aws:rds:c",
    }),
    [],
  );
  // An empty source is no source.
  assert.deepEqual(
    await violations(policy, GLOBAL, { globalClusterIdentifier: "g", sourceDbClusterIdentifier: "" }),
    [GLOBAL_MSG],
  );
});

test("an unknown source of a global cluster is an advisory note", async () => {
  assert.deepEqual(
    await validate(policy, { type: GLOBAL, props: { sourceDbClusterIdentifier: UNKNOWN.string } }),
    {
      violations: [],
      unknownRead: "string value at .sourceDbClusterIdentifier can't be known during preview",
    },
  );
});
