import assert from "node:assert/strict";
import { test } from "node:test";
import { authRoleLimitTokenTtl as p } from "../../../policy-pack/policies/vault/authRoleLimitTokenTtl";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { APPROLE_ROLE, JWT_ROLE, jwtRole, K8S_ROLE, k8sRole } from "./vaultFixtures";

const K = 'Vault Kubernetes auth role "chat"';

test("roles with 900 s / 3600 s tokens pass, of every kind", async () => {
  assert.deepEqual(await violations(p, K8S_ROLE, k8sRole()), []);
  assert.deepEqual(await violations(p, JWT_ROLE, jwtRole()), []);
  assert.deepEqual(
    await violations(p, APPROLE_ROLE, { roleName: "ci", tokenTtl: 600, tokenMaxTtl: 1200 }),
    [],
  );
});

test('unset, 0 and "" TTLs mean the system default (768 h) and are flagged', async () => {
  const unset = (field: string) =>
    `${K} leaves ${field} unset or 0 (the system default, 768 h): set 1..3600 seconds.`;
  assert.deepEqual(await violations(p, K8S_ROLE, k8sRole({ tokenTtl: undefined, tokenMaxTtl: 0 })), [
    unset("tokenTtl"),
    unset("tokenMaxTtl"),
  ]);
  assert.deepEqual(await violations(p, K8S_ROLE, k8sRole({ tokenMaxTtl: "" })), [unset("tokenMaxTtl")]);
  assert.deepEqual(await violations(p, APPROLE_ROLE, {}), [
    "Vault AppRole auth role leaves tokenTtl unset or 0 (the system default, 768 h): set 1..3600 seconds.",
    "Vault AppRole auth role leaves tokenMaxTtl unset or 0 (the system default, 768 h): set 1..3600 seconds.",
  ]);
});

test("TTLs over the maximum (config maximumSeconds) and periodic tokens are flagged", async () => {
  assert.deepEqual(
    await violations(
      p,
      JWT_ROLE,
      jwtRole({ tokenMaxTtl: 86400, tokenExplicitMaxTtl: 7200, tokenPeriod: 3600 }),
    ),
    [
      'Vault JWT/OIDC auth role "audit-view" sets tokenMaxTtl to 86400 s, over 3600: lower it.',
      'Vault JWT/OIDC auth role "audit-view" sets tokenExplicitMaxTtl to 7200 s, over 3600: lower it.',
      'Vault JWT/OIDC auth role "audit-view" issues periodic tokens (tokenPeriod 3600), renewable without end: remove tokenPeriod.',
    ],
  );
  assert.deepEqual(await violations(p, K8S_ROLE, k8sRole(), { maximumSeconds: 1800 }), [
    `${K} sets tokenMaxTtl to 3600 s, over 1800: lower it.`,
  ]);
});

test("an unknown TTL is the SDK's advisory note during preview", async () => {
  assert.deepEqual(await validate(p, { type: K8S_ROLE, props: k8sRole({ tokenTtl: UNKNOWN.number }) }), {
    violations: [],
    unknownRead: "number value at .tokenTtl can't be known during preview",
  });
});
