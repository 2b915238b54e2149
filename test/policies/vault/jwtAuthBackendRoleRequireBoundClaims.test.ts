import assert from "node:assert/strict";
import { test } from "node:test";
import { jwtAuthBackendRoleRequireBoundClaims as p } from "../../../policy-pack/policies/vault/jwtAuthBackendRoleRequireBoundClaims";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { JWT_ROLE, jwtRole } from "./vaultFixtures";

const MSG =
  'Vault JWT/OIDC auth role "audit-view" binds no claim and no subject, so anyone the identity provider signs ' +
  "in gets its policies: set boundClaims (e.g. the groups claim to the role's groups).";

test("a role binding its group claim, or a subject, passes", async () => {
  assert.deepEqual(await violations(p, JWT_ROLE, jwtRole()), []);
  assert.deepEqual(
    await violations(p, JWT_ROLE, jwtRole({ boundClaims: undefined, boundSubject: "repo:org/app:ref:main" })),
    [],
  );
  assert.deepEqual(
    await violations(p, JWT_ROLE, jwtRole({ boundClaims: { groups: "a-*" }, boundClaimsType: "glob" })),
    [],
  );
});

test('no claims and no subject (unset, {}, "") is flagged', async () => {
  assert.deepEqual(await violations(p, JWT_ROLE, jwtRole({ boundClaims: undefined })), [MSG]);
  assert.deepEqual(await violations(p, JWT_ROLE, jwtRole({ boundClaims: {}, boundSubject: "" })), [MSG]);
  assert.deepEqual(await violations(p, JWT_ROLE, jwtRole({ boundClaims: { groups: "" } })), [MSG]);
});

test("a glob claim of `*` binds nothing and is flagged; as an exact claim it is a literal", async () => {
  assert.deepEqual(
    await violations(p, JWT_ROLE, jwtRole({ boundClaims: { groups: "*" }, boundClaimsType: "glob" })),
    [MSG],
  );
  assert.deepEqual(await violations(p, JWT_ROLE, jwtRole({ boundClaims: { groups: "*" } })), []);
});

test("unknown claims are the SDK's advisory note during preview", async () => {
  assert.deepEqual(
    await validate(p, {
      type: JWT_ROLE,
      props: jwtRole({ boundClaims: UNKNOWN.object, boundSubject: undefined }),
    }),
    { violations: [], unknownRead: "Object value at .boundClaims can't be known during preview" },
  );
});
