import assert from "node:assert/strict";
import { test } from "node:test";
import {
  tokenDisallowLongLived as p,
  vaultDurationSeconds,
} from "../../../policy-pack/policies/vault/tokenDisallowLongLived";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TOKEN = "vault:index/token:Token";
const token = (extra: Record<string, any> = {}) => ({
  displayName: "bootstrap",
  policies: ["rampart-app-chat"],
  ttl: "15m",
  renewable: true,
  ...extra,
});
const T = 'Vault token "bootstrap"';

test("Vault durations: seconds, Go-style units, days", () => {
  assert.equal(vaultDurationSeconds("3600"), 3600);
  assert.equal(vaultDurationSeconds(90), 90);
  assert.equal(vaultDurationSeconds("1h30m"), 5400);
  assert.equal(vaultDurationSeconds("7d"), 604800);
  assert.equal(vaultDurationSeconds("1.5h"), 5400);
  assert.equal(vaultDurationSeconds("an hour"), undefined);
  assert.equal(vaultDurationSeconds(""), undefined);
});

test("a 15-minute child token passes", async () => {
  assert.deepEqual(await violations(p, TOKEN, token()), []);
  assert.deepEqual(await violations(p, TOKEN, token({ ttl: "1h", explicitMaxTtl: "3600", period: "0" })), []);
});

test('no ttl (unset, "", "0") and a ttl over config maximumSeconds are flagged', async () => {
  const none = `${T} has no ttl (the system default, 768 h): set ttl to at most 3600s.`;
  for (const ttl of [undefined, "", "0"])
    assert.deepEqual(await violations(p, TOKEN, token({ ttl })), [none]);
  assert.deepEqual(await violations(p, TOKEN, token({ ttl: "768h" })), [
    `${T} lives 2764800 s (ttl 768h), over 3600: lower ttl.`,
  ]);
  assert.deepEqual(await violations(p, TOKEN, token(), { maximumSeconds: 600 }), [
    `${T} lives 900 s (ttl 15m), over 600: lower ttl.`,
  ]);
});

test("periodic, orphan and long explicit-max tokens are flagged", async () => {
  assert.deepEqual(
    await violations(
      p,
      TOKEN,
      token({ period: "24h", noParent: true, explicitMaxTtl: "2h", displayName: "" }),
    ),
    [
      "Vault token may be renewed for 7200 s (explicitMaxTtl), over 3600: lower it.",
      "Vault token is periodic (period 24h), renewable without end: remove period.",
      "Vault token is an orphan (noParent), surviving the revocation of its creator: remove noParent.",
    ],
  );
});

test("an unknown ttl is the SDK's advisory note during preview", async () => {
  assert.deepEqual(await validate(p, { type: TOKEN, props: token({ ttl: UNKNOWN.string }) }), {
    violations: [],
    unknownRead: "string value at .ttl can't be known during preview",
  });
});
