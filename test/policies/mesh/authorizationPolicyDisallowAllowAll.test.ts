import assert from "node:assert/strict";
import { test } from "node:test";
import { authorizationPolicyDisallowAllowAll as authz } from "../../../policy-pack/policies/mesh/authorizationPolicyDisallowAllowAll";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { AUTHORIZATION_POLICY_TYPES } from "../../../policy-pack/lib/k8sTypes";
import { AP, obj } from "./meshFixtures";
const ap = (spec: unknown) => obj("AuthorizationPolicy", "inference", spec);
const allowAll = (n: number) =>
  `AuthorizationPolicy ALLOW rule #${n} matches every request: name the principals, namespaces or operations it allows.`;

test("AuthorizationPolicy: deny-all (spec {}), scoped ALLOW rules and DENY policies pass", async () => {
  assert.deepEqual(await violations(authz, AP, ap({})), []);
  assert.deepEqual(
    await violations(
      authz,
      AP,
      ap({
        action: "ALLOW",
        rules: [
          {
            from: [{ source: { principals: ["cluster.local/ns/gateway/sa/ingress"] } }],
            to: [{ operation: { methods: ["POST"], paths: ["/v1/completions"] } }],
          },
        ],
      }),
    ),
    [],
  );
  assert.deepEqual(await violations(authz, AP, ap({ action: "DENY", rules: [{}] })), []);
  assert.deepEqual(
    await violations(
      authz,
      AP,
      ap({
        action: "ALLOW",
        rules: [{ when: [{ key: "request.auth.claims[iss]", values: ["https://issuer"] }] }],
      }),
    ),
    [],
  );
});

test("AuthorizationPolicy: allow-all rules are flagged in every form", async () => {
  assert.deepEqual(await violations(authz, AP, ap({ rules: [{}] })), [allowAll(1)]);
  assert.deepEqual(
    await violations(
      authz,
      "kubernetes:security.istio.io/v1beta1:AuthorizationPolicy",
      ap({
        action: "ALLOW",
        rules: [
          { from: [{ source: { namespaces: ["a"] } }] },
          { from: [], to: [], when: [] },
          { from: [{ source: {} }], to: [{ operation: {} }] },
          { from: [{ source: { namespaces: ["a"] } }, { source: { principals: [] } }] },
        ],
      }),
    ),
    [allowAll(2), allowAll(3), allowAll(4)],
  );
});

test("AuthorizationPolicy: unknown actions and rules are not inspectable (the SDK's note)", async () => {
  assert.deepEqual(await validate(authz, { type: AP, props: ap({ action: UNKNOWN.string, rules: [{}] }) }), {
    violations: [],
    unknownRead: "string value at .spec.action can't be known during preview",
  });
  assert.deepEqual(
    await validate(authz, {
      type: AP,
      props: ap({ rules: [UNKNOWN.object, { from: [{ source: UNKNOWN.object }] }] }),
    }),
    {
      violations: [],
      unknownRead: "string value at .spec.rules.1.from.0.source can't be known during preview",
    },
  );
});

test("AuthorizationPolicy: an unknown rule does not hide an allow-all rule beside it", async () => {
  assert.deepEqual(await validate(authz, { type: AP, props: ap({ rules: [UNKNOWN.object, {}] }) }), {
    violations: [allowAll(2)],
  });
});

test('AuthorizationPolicy: empty strings: a principal "" constrains the rule; an action "" is not ALLOW and is not checked', async () => {
  assert.deepEqual(
    await violations(authz, AP, ap({ rules: [{ from: [{ source: { principals: [""] } }] }] })),
    [],
  );
  assert.deepEqual(await violations(authz, AP, ap({ action: "", rules: [{}] })), []);
});

test("every served API version and its Patch twin give the same finding", async () => {
  const insecure = ap({ rules: [{}] });
  const want = await violations(authz, AP, insecure);
  assert.ok(want.length > 0);
  for (const t of AUTHORIZATION_POLICY_TYPES) assert.deepEqual(await violations(authz, t, insecure), want, t);
});
