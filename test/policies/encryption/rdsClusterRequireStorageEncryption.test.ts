import assert from "node:assert/strict";
import { test } from "node:test";
import { rdsClusterRequireStorageEncryption as policy } from "../../../policy-pack/policies/encryption/rdsClusterRequireStorageEncryption";
import { violations } from "../helpers/policyHarness";

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
