import assert from "node:assert/strict";
import { test } from "node:test";
import { authorizationPolicyRequireSourceIdentity as policy } from "../../../policy-pack/policies/mesh/authorizationPolicyRequireSourceIdentity";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { AUTHORIZATION_POLICY_TYPES } from "../../../policy-pack/lib/k8sTypes";
import { AP, obj } from "./meshFixtures";

const ap = (spec: unknown) => obj("AuthorizationPolicy", "inference", spec);
const GATEWAY = "cluster.local/ns/istio-ingress/sa/istio-ingressgateway";
const noFrom = (n: number) =>
  `AuthorizationPolicy ALLOW rule #${n} has no from: any caller matches; add from.source.principals (or requestPrincipals for end users).`;
const anon = (n: number) =>
  `AuthorizationPolicy ALLOW rule #${n} has a from.source that names no caller (no principals or namespaces other than *, no requestPrincipals): name the principals it admits.`;

test("allow-nothing, rules naming principals, namespaces, request principals or identity conditions pass", async () => {
  assert.deepEqual(await violations(policy, AP, ap({})), []);
  assert.deepEqual(
    await violations(
      policy,
      AP,
      ap({
        action: "ALLOW",
        rules: [
          { from: [{ source: { principals: [GATEWAY] } }], to: [{ operation: { methods: ["POST"] } }] },
          { from: [{ source: { namespaces: ["monitoring"] } }] },
          { from: [{ source: { requestPrincipals: ["*"] } }] },
          {
            to: [{ operation: { paths: ["/v1/*"] } }],
            when: [{ key: "request.auth.claims[groups]", values: ["llm-users"] }],
          },
          { when: [{ key: "source.principal", values: [GATEWAY] }] },
        ],
      }),
    ),
    [],
  );
  assert.deepEqual(
    await violations(
      policy,
      AP,
      ap({ action: "DENY", rules: [{ to: [{ operation: { paths: ["/admin"] } }] }] }),
    ),
    [],
  );
});

test("rules with only to/when, principals *, notPrincipals only or IP blocks only are flagged (action omitted too)", async () => {
  assert.deepEqual(
    await violations(
      policy,
      AP,
      ap({
        rules: [
          { to: [{ operation: { methods: ["GET"] } }] },
          { when: [{ key: "request.headers[x-debug]", values: ["1"] }] },
          { from: [{ source: { principals: ["*"] } }] },
          { from: [{ source: { notPrincipals: ["cluster.local/ns/evil/sa/x"] } }] },
          { from: [{ source: { ipBlocks: ["10.0.0.0/8"] } }] },
          { from: [{ source: { principals: [GATEWAY] } }, { source: { namespaces: ["*"] } }] },
        ],
      }),
    ),
    [noFrom(1), noFrom(2), anon(3), anon(4), anon(5), anon(6)],
  );
});

test("an unknown action is not inspectable (the SDK's note); unknown sources or conditions do not hide an open rule beside them", async () => {
  assert.deepEqual(await validate(policy, { type: AP, props: ap({ action: UNKNOWN.string, rules: [{}] }) }), {
    violations: [],
    unknownRead: "string value at .spec.action can't be known during preview",
  });
  assert.deepEqual(
    await validate(policy, {
      type: AP,
      props: ap({
        rules: [
          UNKNOWN.object,
          { from: [{ source: UNKNOWN.object }] },
          { from: [{ source: { principals: [UNKNOWN.string] } }] },
          { when: [{ key: "source.principal", values: UNKNOWN.array }] },
          { to: [{ operation: { ports: ["8000"] } }] },
        ],
      }),
    }),
    { violations: [noFrom(5)] },
  );
});

test('empty strings: principals [""] name no caller; an action "" is not ALLOW and is not checked', async () => {
  assert.deepEqual(
    await violations(policy, AP, ap({ rules: [{ from: [{ source: { principals: [""] } }] }] })),
    [anon(1)],
  );
  assert.deepEqual(await violations(policy, AP, ap({ action: "", rules: [{}] })), []);
});

test("every served API version and its Patch twin give the same finding", async () => {
  const insecure = ap({ rules: [{ to: [{ operation: { paths: ["/v1"] } }] }] });
  const want = await violations(policy, AP, insecure);
  assert.ok(want.length > 0);
  for (const t of AUTHORIZATION_POLICY_TYPES)
    assert.deepEqual(await violations(policy, t, insecure), want, t);
});
