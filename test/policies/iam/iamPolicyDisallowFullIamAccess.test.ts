import assert from "node:assert/strict";
import { test } from "node:test";
import { iamPolicyDisallowFullIamAccess as policy } from "../../../policy-pack/policies/iam/iamPolicyDisallowFullIamAccess";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const doc = (...Statement: unknown[]) => ({ Version: "2012-10-17", Statement });
const tail =
  "allows every IAM action (iam:*): it can create users, keys and policies and attach them, which is administrator access; list the IAM actions it needs.";

test("named IAM actions pass, on every document type", async () => {
  const ok = JSON.stringify(
    doc({
      Effect: "Allow",
      Action: ["iam:PassRole", "iam:GetRole"],
      Resource: "arn:aws:iam::123456789012:role/x",
    }),
  );
  for (const type of [
    "aws:iam/policy:Policy",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
  ])
    assert.deepEqual(await violations(policy, type, { policy: ok }), [], type);
});

test("iam:* in any case, as a string or in a list, JSON or object, is flagged", async () => {
  assert.deepEqual(
    await violations(policy, "aws:iam/policy:Policy", {
      policy: JSON.stringify(doc({ Sid: "Iam", Effect: "Allow", Action: "IAM:*", Resource: "*" })),
    }),
    [`Policy statement "Iam" ${tail}`],
  );
  assert.deepEqual(
    await violations(policy, "aws:iam/rolePolicy:RolePolicy", {
      policy: {
        Statement: {
          Effect: "allow",
          Action: ["s3:GetObject", " iam:* "],
          Resource: "arn:aws:iam::1:role/*",
        },
      },
    }),
    [`Policy statement 0 ${tail}`],
  );
});

test("role inlinePolicies are checked", async () => {
  assert.deepEqual(
    await violations(policy, "aws:iam/role:Role", {
      inlinePolicies: [
        { name: "iam", policy: JSON.stringify(doc({ Effect: "Allow", Action: "iam:*", Resource: "*" })) },
      ],
    }),
    [`inlinePolicies[0] ("iam") statement 0 ${tail}`],
  );
});

test('Deny, Action "*" (the wildcard-admin policy\'s) and a tagged permissions boundary are not findings here', async () => {
  const d = doc(
    { Effect: "Deny", Action: "iam:*", Resource: "*" },
    { Effect: "Allow", Action: ["*", "iam:*"], Resource: "*" },
  );
  assert.deepEqual(await violations(policy, "aws:iam/policy:Policy", { policy: d }), []);
  const boundary = JSON.stringify(doc({ Effect: "Allow", Action: "iam:*", Resource: "*" }));
  assert.deepEqual(
    await violations(policy, "aws:iam/policy:Policy", {
      policy: boundary,
      tags: { "rampart:policy-use": "permissions-boundary" },
    }),
    [],
  );
});

test('empty strings: an empty document and an empty action ("") grant nothing', async () => {
  assert.deepEqual(await violations(policy, "aws:iam/policy:Policy", { policy: "" }), []);
  assert.deepEqual(
    await violations(policy, "aws:iam/policy:Policy", {
      policy: doc({ Effect: "Allow", Action: "", Resource: "*" }),
    }),
    [],
  );
});

test("an unknown policy is an advisory note during preview", async () => {
  assert.deepEqual(
    await validate(policy, { type: "aws:iam/policy:Policy", props: { policy: UNKNOWN.string } }),
    {
      violations: [],
      unknownRead: "string value at .policy can't be known during preview",
    },
  );
});
