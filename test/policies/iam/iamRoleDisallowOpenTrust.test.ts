import assert from "node:assert/strict";
import { test } from "node:test";
import { iamRoleDisallowOpenTrust as policy } from "../../../policy-pack/policies/iam/iamRoleDisallowOpenTrust";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const ROLE = "aws:iam/role:Role";
const trust = (...Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });

test("a trust policy naming a service or an account passes", async () => {
  assert.deepEqual(
    await violations(policy, ROLE, {
      assumeRolePolicy: trust({
        Effect: "Allow",
        Principal: { Service: "ec2.amazonaws.com" },
        Action: "sts:AssumeRole",
      }),
    }),
    [],
  );
});

test('Principal "*" is flagged', async () => {
  assert.deepEqual(
    await violations(policy, ROLE, {
      assumeRolePolicy: trust({ Sid: "Any", Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }),
    }),
    [
      'Trust policy statement "Any" lets any principal ("*") assume the role: name the trusted principals, or add a condition.',
    ],
  );
});

test('{ AWS: "*" } in an object document is flagged', async () => {
  assert.deepEqual(
    await violations(policy, ROLE, {
      assumeRolePolicy: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }],
      },
    }),
    [
      'Trust policy statement 0 lets any principal ("*") assume the role: name the trusted principals, or add a condition.',
    ],
  );
});

test("a wildcard principal with a condition (aws:PrincipalOrgID) passes", async () => {
  assert.deepEqual(
    await violations(policy, ROLE, {
      assumeRolePolicy: trust({
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:PrincipalOrgID": "o-123" } },
      }),
    }),
    [],
  );
});

test("an unknown trust policy is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, { type: "aws:iam/role:Role", props: { assumeRolePolicy: UNKNOWN.string } }),
    { violations: [], unknownRead: "string value at .assumeRolePolicy can't be known during preview" },
  );
});

test('an empty trust policy ("") trusts nobody: passes', async () => {
  assert.deepEqual(await validate(policy, { type: "aws:iam/role:Role", props: { assumeRolePolicy: "" } }), {
    violations: [],
  });
});

const WEAK =
  'Trust policy statement 0 lets any principal ("*") assume the role with a condition that does not restrict the caller: ' +
  "add aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn (StringEquals), or name the trusted principals.";
const anyone = (Condition: unknown) => ({
  Effect: "Allow",
  Principal: { AWS: "*" },
  Action: "sts:AssumeRole",
  Condition,
});

test("a wildcard principal whose condition does not restrict the caller is flagged (ExternalId, IfExists, negated, wildcard values)", async () => {
  for (const c of [
    { StringEquals: { "sts:ExternalId": "shared-secret" } },
    { Bool: { "aws:SecureTransport": "true" } },
    { StringEqualsIfExists: { "aws:PrincipalOrgID": "o-123" } },
    { StringNotEquals: { "aws:PrincipalAccount": "999999999999" } },
    { StringLike: { "aws:PrincipalArn": "*" } },
  ])
    assert.deepEqual(
      await violations(policy, ROLE, { assumeRolePolicy: trust(anyone(c)) }),
      [WEAK],
      JSON.stringify(c),
    );
});

test("aws:PrincipalArn and aws:PrincipalAccount with concrete values restrict the caller", async () => {
  for (const c of [
    { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/ci-*" } },
    { StringEquals: { "aws:PrincipalAccount": "111122223333" } },
  ])
    assert.deepEqual(
      await violations(policy, ROLE, { assumeRolePolicy: trust(anyone(c)) }),
      [],
      JSON.stringify(c),
    );
});

test("Allow with NotPrincipal is flagged; Deny with NotPrincipal is not", async () => {
  const not = {
    Effect: "Allow",
    NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" },
    Action: "sts:AssumeRole",
  };
  assert.deepEqual(await violations(policy, ROLE, { assumeRolePolicy: trust(not) }), [
    "Trust policy statement 0 uses NotPrincipal with Allow: every principal but those listed may assume the role; name the trusted principals instead.",
  ]);
  assert.deepEqual(
    await violations(policy, ROLE, { assumeRolePolicy: trust({ ...not, Effect: "Deny" }) }),
    [],
  );
});

test('an empty condition value ("") does not restrict the caller; an unknown org ID (an output) is taken as the restriction it will be', async () => {
  assert.deepEqual(
    await violations(policy, ROLE, {
      assumeRolePolicy: trust(anyone({ StringEquals: { "aws:PrincipalOrgID": "" } })),
    }),
    [WEAK],
  );
  assert.deepEqual(
    await violations(policy, ROLE, {
      assumeRolePolicy: trust(anyone({ StringEquals: { "aws:PrincipalOrgID": UNKNOWN.string } })),
    }),
    [],
  );
});

test("a malformed trust policy is a violation naming assumeRolePolicy, not a pass", async () => {
  assert.deepEqual(await violations(policy, ROLE, { assumeRolePolicy: "{not json" }), [
    "assumeRolePolicy is not valid JSON: fix it so its statements can be checked (AWS refuses it as it is).",
  ]);
});

test("Statement as one object and Principal as a bare string are read like the list form", async () => {
  assert.deepEqual(
    await violations(policy, ROLE, {
      assumeRolePolicy: JSON.stringify({
        Statement: { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" },
      }),
    }),
    [
      'Trust policy statement 0 lets any principal ("*") assume the role: name the trusted principals, or add a condition.',
    ],
  );
});
