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
