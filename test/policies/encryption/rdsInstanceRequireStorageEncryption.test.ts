import assert from "node:assert/strict";
import { test } from "node:test";
import { rdsInstanceRequireStorageEncryption as policy } from "../../../policy-pack/policies/encryption/rdsInstanceRequireStorageEncryption";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

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

test("an unknown replicateSourceDb is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:rds/instance:Instance",
      props: { replicateSourceDb: UNKNOWN.string, storageEncrypted: false },
    }),
    { violations: [], unknownRead: "string value at .replicateSourceDb can't be known during preview" },
  );
});

test('an empty replicateSourceDb ("") is not a replica: judged, and flagged', async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:rds/instance:Instance",
      props: { replicateSourceDb: "", storageEncrypted: false },
    }),
    { violations: ["RDS instance storage is not encrypted: set storageEncrypted: true (and kmsKeyId)."] },
  );
});
