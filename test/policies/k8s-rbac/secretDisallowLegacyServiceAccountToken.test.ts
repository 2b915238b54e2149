import assert from "node:assert/strict";
import { test } from "node:test";
import { secretDisallowLegacyServiceAccountToken as policy } from "../../../policy-pack/policies/k8s-rbac/secretDisallowLegacyServiceAccountToken";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const SECRET = "kubernetes:core/v1:Secret";
const secret = (type?: unknown, annotations?: Record<string, unknown>) => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "s", namespace: "inference", ...(annotations ? { annotations } : {}) },
  ...(type !== undefined ? { type } : {}),
});

test("Opaque, TLS and untyped Secrets pass", async () => {
  for (const t of ["Opaque", "kubernetes.io/tls", undefined])
    assert.deepEqual(await violations(policy, SECRET, secret(t)), [], String(t));
});

test("a service-account-token Secret is flagged, naming the service account; the Patch form too", async () => {
  assert.deepEqual(
    await violations(
      policy,
      SECRET,
      secret("kubernetes.io/service-account-token", { "kubernetes.io/service-account.name": "ci" }),
    ),
    [
      'Secret is a legacy service-account token for "ci" that never expires: use a projected service-account token (TokenRequest) instead.',
    ],
  );
  assert.deepEqual(
    await violations(policy, `${SECRET}Patch`, secret("kubernetes.io/service-account-token")),
    [
      "Secret is a legacy service-account token that never expires: use a projected service-account token (TokenRequest) instead.",
    ],
  );
});

test("an unknown type is not inspectable (the SDK's note); an unknown service account name does not hide a token Secret", async () => {
  assert.deepEqual(await validate(policy, { type: SECRET, props: secret(UNKNOWN.string) }), {
    violations: [],
    unknownRead: "string value at .type can't be known during preview",
  });
  assert.deepEqual(
    await violations(
      policy,
      SECRET,
      secret("kubernetes.io/service-account-token", { "kubernetes.io/service-account.name": UNKNOWN.string }),
    ),
    [
      "Secret is a legacy service-account token that never expires: use a projected service-account token (TokenRequest) instead.",
    ],
  );
});

test('empty strings: a "" type is not a token Secret; a "" service account name is not shown', async () => {
  assert.deepEqual(await violations(policy, SECRET, secret("")), []);
  assert.deepEqual(
    await violations(
      policy,
      SECRET,
      secret("kubernetes.io/service-account-token", { "kubernetes.io/service-account.name": "" }),
    ),
    [
      "Secret is a legacy service-account token that never expires: use a projected service-account token (TokenRequest) instead.",
    ],
  );
});
