import assert from "node:assert/strict";
import { test } from "node:test";
import { jwtAuthBackendDisallowDefaultRole as p } from "../../../policy-pack/policies/vault/jwtAuthBackendDisallowDefaultRole";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { JWT_BACKEND } from "./vaultFixtures";

const backend = (extra: Record<string, any> = {}) => ({
  path: "oidc",
  type: "oidc",
  oidcDiscoveryUrl: "https://idp.example.com",
  oidcClientId: "rampart-vault",
  ...extra,
});

test('an OIDC method without a default role (unset or "") passes', async () => {
  assert.deepEqual(await violations(p, JWT_BACKEND, backend()), []);
  assert.deepEqual(await violations(p, JWT_BACKEND, backend({ defaultRole: "" })), []);
});

test("a default role is flagged", async () => {
  assert.deepEqual(await violations(p, JWT_BACKEND, backend({ defaultRole: "inference-only" })), [
    'Vault JWT/OIDC auth method sets defaultRole "inference-only", given to logins that name no role: remove it.',
  ]);
});

test("an unknown default role is the SDK's advisory note during preview", async () => {
  assert.deepEqual(
    await validate(p, { type: JWT_BACKEND, props: backend({ defaultRole: UNKNOWN.string }) }),
    {
      violations: [],
      unknownRead: "string value at .defaultRole can't be known during preview",
    },
  );
});
