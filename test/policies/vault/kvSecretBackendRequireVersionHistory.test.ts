import assert from "node:assert/strict";
import { test } from "node:test";
import { kvSecretBackendRequireVersionHistory as p } from "../../../policy-pack/policies/vault/kvSecretBackendRequireVersionHistory";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { KV2, MOUNT } from "./vaultFixtures";

const mount = (extra: Record<string, any> = {}) => ({
  path: "secret",
  type: "kv",
  options: { version: "2" },
  ...extra,
});
const kv2 = (extra: Record<string, any> = {}) => ({ mount: "secret", maxVersions: 10, ...extra });
const V1 =
  'Vault mount "secret" is KV version 1, which keeps no versions: use type "kv-v2" or options.version "2".';

test("a KV v2 mount keeping versions passes (kv with version 2, kv-v2, max 0 = Vault's 10)", async () => {
  assert.deepEqual(await violations(p, MOUNT, mount()), []);
  assert.deepEqual(await violations(p, MOUNT, mount({ type: "kv-v2", options: undefined })), []);
  assert.deepEqual(await violations(p, KV2, kv2()), []);
  assert.deepEqual(await violations(p, KV2, kv2({ maxVersions: 0 })), []);
  assert.deepEqual(await violations(p, KV2, kv2({ maxVersions: undefined })), []);
  // Other engines are not KV.
  assert.deepEqual(await violations(p, MOUNT, { path: "transit", type: "transit" }), []);
});

test('KV version 1 (no options, version "1" or "", generic) is flagged', async () => {
  for (const extra of [{ options: undefined }, { options: { version: "1" } }, { options: { version: "" } }])
    assert.deepEqual(await violations(p, MOUNT, mount(extra)), [V1]);
  assert.deepEqual(await violations(p, MOUNT, mount({ type: "generic", options: undefined })), [V1]);
});

test("max_versions 1, or under config minimumVersions, is flagged", async () => {
  assert.deepEqual(await violations(p, KV2, kv2({ maxVersions: 1 })), [
    'Vault KV v2 mount "secret" keeps 1 version(s) of each secret: set maxVersions to at least 2 (0 keeps Vault\'s 10).',
  ]);
  assert.deepEqual(await violations(p, KV2, kv2({ maxVersions: 3 }), { minimumVersions: 5 }), [
    'Vault KV v2 mount "secret" keeps 3 version(s) of each secret: set maxVersions to at least 5 (0 keeps Vault\'s 10).',
  ]);
});

test("unknown values are the SDK's advisory note during preview", async () => {
  assert.deepEqual(await validate(p, { type: KV2, props: kv2({ maxVersions: UNKNOWN.number }) }), {
    violations: [],
    unknownRead: "number value at .maxVersions can't be known during preview",
  });
  assert.deepEqual(await validate(p, { type: MOUNT, props: mount({ type: UNKNOWN.string }) }), {
    violations: [],
    unknownRead: "string value at .type can't be known during preview",
  });
});
