import assert from "node:assert/strict";
import { test } from "node:test";
import { iamPolicyDisallowWildcardAdmin as policy } from "../../../policy-pack/policies/iam/iamPolicyDisallowWildcardAdmin";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const doc = (...Statement: unknown[]) => ({ Version: "2012-10-17", Statement });
const scoped = {
  Sid: "Read",
  Effect: "Allow",
  Action: ["s3:GetObject"],
  Resource: "arn:aws:s3:::rampart-models/*",
};
const star = { Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" };
const STAR_MSG =
  'Policy statement "Admin" allows every action ("*") on every resource ("*"): name the actions and resources it needs.';

test("a scoped policy passes (Policy, RolePolicy, UserPolicy, GroupPolicy)", async () => {
  for (const type of [
    "aws:iam/policy:Policy",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
  ])
    assert.deepEqual(await violations(policy, type, { policy: JSON.stringify(doc(scoped)) }), [], type);
});

test('Action "*" on Resource "*" as a JSON string is flagged', async () => {
  assert.deepEqual(
    await violations(policy, "aws:iam/policy:Policy", { policy: JSON.stringify(doc(scoped, star)) }),
    [STAR_MSG],
  );
});

test('Action as an array containing "*", in an object document, is flagged', async () => {
  assert.deepEqual(
    await violations(policy, "aws:iam/rolePolicy:RolePolicy", {
      role: "r",
      policy: doc({ Effect: "Allow", Action: ["s3:GetObject", "*"], Resource: ["*"] }),
    }),
    [
      'Policy statement 0 allows every action ("*") on every resource ("*"): name the actions and resources it needs.',
    ],
  );
});

test('Allow with NotAction on "*" is flagged', async () => {
  assert.deepEqual(
    await violations(policy, "aws:iam/userPolicy:UserPolicy", {
      user: "u",
      policy: JSON.stringify(doc({ Sid: "AllBut", Effect: "Allow", NotAction: ["iam:*"], Resource: "*" })),
    }),
    [
      'Policy statement "AllBut" allows every action except 1 (NotAction) on every resource ("*"): list the allowed actions instead.',
    ],
  );
});

test("role inlinePolicies are checked", async () => {
  assert.deepEqual(
    await violations(policy, "aws:iam/role:Role", {
      assumeRolePolicy: "{}",
      inlinePolicies: [
        { name: "ok", policy: JSON.stringify(doc(scoped)) },
        { name: "admin", policy: JSON.stringify(doc(star)) },
      ],
    }),
    [
      'inlinePolicies[1] ("admin") statement "Admin" allows every action ("*") on every resource ("*"): name the actions and resources it needs.',
    ],
  );
});

test("Deny statements, wildcard actions on scoped resources, and service wildcards pass", async () => {
  const ok = doc(
    { Effect: "Deny", Action: "*", Resource: "*" },
    { Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::b/*" },
    { Effect: "Allow", Action: "logs:*", Resource: "*" },
  );
  assert.deepEqual(await violations(policy, "aws:iam/policy:Policy", { policy: ok }), []);
});

test("an unknown policy document is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, { type: "aws:iam/policy:Policy", props: { policy: UNKNOWN.string } }),
    { violations: [], unknownRead: "string value at .policy can't be known during preview" },
  );
});

test('an empty policy document ("") grants nothing: passes', async () => {
  assert.deepEqual(await validate(policy, { type: "aws:iam/policy:Policy", props: { policy: "" } }), {
    violations: [],
  });
});

test("Statement as one object, a lower-case effect and *:* are read like the list form", async () => {
  assert.deepEqual(
    await violations(policy, "aws:iam/groupPolicy:GroupPolicy", {
      group: "g",
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: { Effect: "allow", Action: "*:*", Resource: "*" },
      }),
    }),
    [
      'Policy statement 0 allows every action ("*") on every resource ("*"): name the actions and resources it needs.',
    ],
  );
});

test("a service wildcard in any case (IAM:*) is not every action: passes here (scoped policies judge it)", async () => {
  assert.deepEqual(
    await violations(policy, "aws:iam/policy:Policy", {
      policy: doc({ Effect: "Allow", Action: ["IAM:*"], Resource: "*" }),
    }),
    [],
  );
});

test("a malformed JSON document is a violation naming it, on every resource type and on inline policies", async () => {
  assert.deepEqual(
    await violations(policy, "aws:iam/rolePolicy:RolePolicy", { role: "r", policy: '{"Statement": [' }),
    ["Policy document is not valid JSON: fix it so its statements can be checked (AWS refuses it as it is)."],
  );
  assert.deepEqual(
    await violations(policy, "aws:iam/role:Role", { inlinePolicies: [{ name: "bad", policy: "not json" }] }),
    [
      'inlinePolicies[0] ("bad") document is not valid JSON: fix it so its statements can be checked (AWS refuses it as it is).',
    ],
  );
});
