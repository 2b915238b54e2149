import assert from "node:assert/strict";
import { test } from "node:test";
import { auditDisallowRawLogging as p } from "../../../policy-pack/policies/vault/auditDisallowRawLogging";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { AUDIT } from "./vaultFixtures";

const audit = (options: Record<string, any> = {}) => ({
  type: "file",
  path: "file",
  options: { file_path: "stdout", format: "json", ...options },
});

test('an audit device with Vault\'s HMAC defaults passes (and log_raw "false" or "")', async () => {
  assert.deepEqual(await violations(p, AUDIT, audit()), []);
  assert.deepEqual(await violations(p, AUDIT, audit({ log_raw: "false", hmac_accessor: "true" })), []);
  assert.deepEqual(await violations(p, AUDIT, audit({ log_raw: "" })), []);
});

test("log_raw true and hmac_accessor false are flagged", async () => {
  assert.deepEqual(await violations(p, AUDIT, audit({ log_raw: "true", hmac_accessor: "False" })), [
    'Vault audit device "file" sets log_raw = true: secrets and tokens are logged in plaintext; remove it.',
    'Vault audit device "file" sets hmac_accessor = false: token accessors are logged in clear; remove it.',
  ]);
});

test("unknown options are the SDK's advisory note during preview", async () => {
  assert.deepEqual(await validate(p, { type: AUDIT, props: { type: "file", options: UNKNOWN.object } }), {
    violations: [],
    unknownRead: "Object value at .options can't be known during preview",
  });
});
