import assert from "node:assert/strict";
import { test } from "node:test";
import { jwtAuthBackendRoleRequireBoundAudiences as p } from "../../../policy-pack/policies/vault/jwtAuthBackendRoleRequireBoundAudiences";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { JWT_ROLE, jwtRole } from "./vaultFixtures";

test("an OIDC role bound to the client ID passes", async () => {
  assert.deepEqual(await violations(p, JWT_ROLE, jwtRole()), []);
});

test("no audiences (unset or empty) is flagged, for OIDC and JWT roles", async () => {
  const none = (kind: string) =>
    `Vault ${kind} auth role "audit-view" sets no boundAudiences, so tokens issued to any application log in: bind the client ID.`;
  assert.deepEqual(await violations(p, JWT_ROLE, jwtRole({ boundAudiences: undefined })), [none("OIDC")]);
  assert.deepEqual(await violations(p, JWT_ROLE, jwtRole({ boundAudiences: [], roleType: "jwt" })), [
    none("JWT"),
  ]);
});

test('an empty ("") audience is flagged', async () => {
  assert.deepEqual(await violations(p, JWT_ROLE, jwtRole({ boundAudiences: ["rampart-vault", ""] })), [
    'Vault OIDC auth role "audit-view" has an empty entry in boundAudiences: list the client IDs.',
  ]);
});

test("unknown audiences are the SDK's advisory note during preview", async () => {
  assert.deepEqual(await validate(p, { type: JWT_ROLE, props: jwtRole({ boundAudiences: UNKNOWN.array }) }), {
    violations: [],
    unknownRead: "Array value at .boundAudiences can't be known during preview",
  });
});
