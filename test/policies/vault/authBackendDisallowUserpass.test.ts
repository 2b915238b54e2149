import assert from "node:assert/strict";
import { test } from "node:test";
import { authBackendDisallowUserpass as p } from "../../../policy-pack/policies/vault/authBackendDisallowUserpass";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const AUTH = "vault:index/authBackend:AuthBackend";

test("Kubernetes, OIDC and AppRole methods pass", async () => {
  for (const type of ["kubernetes", "oidc", "approle", ""])
    assert.deepEqual(await violations(p, AUTH, { type, path: type }), []);
});

test("a userpass method is flagged (any case); config disallowedTypes adds others", async () => {
  assert.deepEqual(await violations(p, AUTH, { type: "userpass", path: "people" }), [
    'Vault auth method "people" is of type userpass, with passwords of its own: log people in through OIDC (VaultAccess\'s oidc option).',
  ]);
  assert.deepEqual(await violations(p, AUTH, { type: "UserPass", path: "" }), [
    "Vault auth method is of type UserPass, with passwords of its own: log people in through OIDC (VaultAccess's oidc option).",
  ]);
  assert.equal(
    (await violations(p, AUTH, { type: "radius" }, { disallowedTypes: ["userpass", "radius"] })).length,
    1,
  );
});

test("an unknown type is the SDK's advisory note during preview", async () => {
  assert.deepEqual(await validate(p, { type: AUTH, props: { type: UNKNOWN.string } }), {
    violations: [],
    unknownRead: "string value at .type can't be known during preview",
  });
});
