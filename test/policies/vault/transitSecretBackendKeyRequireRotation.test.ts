import assert from "node:assert/strict";
import { test } from "node:test";
import { transitSecretBackendKeyRequireRotation as p } from "../../../policy-pack/policies/vault/transitSecretBackendKeyRequireRotation";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { TRANSIT_KEY, transitKey } from "./vaultFixtures";

const K = 'Vault transit key "transcripts"';

test("a key rotating every 30 days passes", async () => {
  assert.deepEqual(await violations(p, TRANSIT_KEY, transitKey()), []);
});

test('no rotation (unset, 0, "") is flagged', async () => {
  const msg = `${K} does not rotate (autoRotatePeriod unset or 0): set it to at most 7776000 seconds (90 days).`;
  for (const autoRotatePeriod of [undefined, 0, ""])
    assert.deepEqual(await violations(p, TRANSIT_KEY, transitKey({ autoRotatePeriod })), [msg]);
});

test("a period longer than config maximumDays is flagged", async () => {
  assert.deepEqual(await violations(p, TRANSIT_KEY, transitKey({ autoRotatePeriod: 31536000 })), [
    `${K} rotates every 31536000 s, longer than 90 days: set autoRotatePeriod to at most 7776000.`,
  ]);
  assert.deepEqual(await violations(p, TRANSIT_KEY, transitKey(), { maximumDays: 7 }), [
    `${K} rotates every 2592000 s, longer than 7 days: set autoRotatePeriod to at most 604800.`,
  ]);
});

test("an unknown period is the SDK's advisory note during preview", async () => {
  assert.deepEqual(
    await validate(p, { type: TRANSIT_KEY, props: transitKey({ autoRotatePeriod: UNKNOWN.number }) }),
    { violations: [], unknownRead: "number value at .autoRotatePeriod can't be known during preview" },
  );
});
