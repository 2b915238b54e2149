import assert from "node:assert/strict";
import { test } from "node:test";
import { requestAuthenticationRequireHttpsJwks as policy } from "../../../policy-pack/policies/mesh/requestAuthenticationRequireHttpsJwks";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { REQUEST_AUTHENTICATION_TYPES } from "../../../policy-pack/lib/k8sTypes";
import { obj, RA } from "./meshFixtures";

const ra = (jwtRules: unknown) => obj("RequestAuthentication", "istio-ingress", { jwtRules });
const good = {
  issuer: "https://login.example.com/",
  jwksUri: "https://login.example.com/jwks.json",
  audiences: ["rampart"],
};

test("https jwksUri, https discovery and inline jwks pass (v1 and v1beta1)", async () => {
  const rules = [
    good,
    { issuer: "https://sso.example.com" },
    { issuer: "http://legacy", jwks: '{"keys":[]}' },
  ];
  for (const t of [RA, "kubernetes:security.istio.io/v1beta1:RequestAuthentication"])
    assert.deepEqual(await violations(policy, t, ra(rules)), []);
});

test("an http jwksUri, and an http issuer whose keys are discovered, are flagged", async () => {
  assert.deepEqual(
    await violations(
      policy,
      RA,
      ra([{ ...good, jwksUri: "HTTP://login.example.com/jwks.json" }, { issuer: "http://sso.example.com" }]),
    ),
    [
      'RequestAuthentication rule "https://login.example.com/" fetches keys over HTTP (jwksUri HTTP://login.example.com/jwks.json): use an https:// URL.',
      'RequestAuthentication rule "http://sso.example.com" discovers its keys over HTTP (issuer http://sso.example.com, no jwksUri): set an https:// jwksUri.',
    ],
  );
});

test("unknown URIs are silent, and do not hide an http rule beside them", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: RA,
      props: ra([
        { issuer: "http://a", jwksUri: UNKNOWN.string },
        { issuer: "http://b", jwks: UNKNOWN.string },
        { jwksUri: "http://c/jwks" },
      ]),
    }),
    {
      violations: [
        "RequestAuthentication rule #3 fetches keys over HTTP (jwksUri http://c/jwks): use an https:// URL.",
      ],
    },
  );
});

test('an empty jwksUri ("") falls back to discovery from the issuer: judged by the issuer', async () => {
  assert.deepEqual(await violations(policy, RA, ra([{ issuer: "http://a", jwksUri: "" }])), [
    'RequestAuthentication rule "http://a" discovers its keys over HTTP (issuer http://a, no jwksUri): set an https:// jwksUri.',
  ]);
  assert.deepEqual(await violations(policy, RA, ra([{ issuer: "https://a", jwksUri: "" }])), []);
});

test("every served API version and its Patch twin give the same finding", async () => {
  const insecure = ra([{ issuer: "https://a", jwksUri: "http://a/jwks" }]);
  const want = await violations(policy, RA, insecure);
  assert.ok(want.length > 0);
  for (const t of REQUEST_AUTHENTICATION_TYPES)
    assert.deepEqual(await violations(policy, t, insecure), want, t);
});
