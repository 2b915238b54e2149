import assert from "node:assert/strict";
import { test } from "node:test";
import { rdsInstanceRequireStorageEncryption as policy } from "../../../policy-pack/policies/encryption/rdsInstanceRequireStorageEncryption";
import { violations } from "../helpers/policyHarness";

const TYPE = "aws:rds/instance:Instance";
const compliant = () => ({ engine: "postgres", instanceClass: "db.t4g.micro", storageEncrypted: true });

test("a compliant resource passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, compliant()), []);
});

test("the insecure setting is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { ...compliant(), ...{ storageEncrypted: false } }), [
    "RDS instance storage is not encrypted: set storageEncrypted: true (and kmsKeyId).",
  ]);
});

test("storageEncrypted unset is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { engine: "postgres" }), [
    "RDS instance storage is not encrypted: set storageEncrypted: true (and kmsKeyId).",
  ]);
});

test("a read replica inherits its source's encryption and is not judged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { replicateSourceDb: "db-primary" }), []);
});
