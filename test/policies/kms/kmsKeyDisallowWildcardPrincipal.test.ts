import assert from "node:assert/strict";
import { test } from "node:test";
import { kmsKeyDisallowWildcardPrincipal as policy } from "../../../policy-pack/policies/kms/kmsKeyDisallowWildcardPrincipal";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const KEY = "aws:kms/key:Key";
const rootStatement = {
  Sid: "Root",
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::123456789012:root" },
  Action: "kms:*",
  Resource: "*",
};
const doc = (...Statement: unknown[]) => ({ Version: "2012-10-17", Statement });

test("a key policy naming its principals passes", async () => {
  assert.deepEqual(await violations(policy, KEY, { policy: JSON.stringify(doc(rootStatement)) }), []);
});

test('Principal "*" without a condition is flagged (JSON string)', async () => {
  const open = { Sid: "Open", Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" };
  assert.deepEqual(await violations(policy, KEY, { policy: JSON.stringify(doc(rootStatement, open)) }), [
    'Key policy statement "Open" allows any principal ("*") with no condition: name the principals or add a condition.',
  ]);
});

test('{ AWS: ["*"] } is flagged on a KeyPolicy resource (object document, single statement)', async () => {
  const open = { Effect: "Allow", Principal: { AWS: ["*"] }, Action: ["kms:Decrypt"], Resource: "*" };
  assert.deepEqual(
    await violations(policy, "aws:kms/keyPolicy:KeyPolicy", {
      keyId: "k",
      policy: { Version: "2012-10-17", Statement: open },
    }),
    [
      'Key policy statement 0 allows any principal ("*") with no condition: name the principals or add a condition.',
    ],
  );
});

test("a wildcard principal restricted by a condition (kms:CallerAccount) passes", async () => {
  const scoped = {
    Effect: "Allow",
    Principal: { AWS: "*" },
    Action: "kms:Decrypt",
    Resource: "*",
    Condition: { StringEquals: { "kms:CallerAccount": "123456789012" } },
  };
  assert.deepEqual(await violations(policy, KEY, { policy: JSON.stringify(doc(scoped)) }), []);
});

test("Deny statements with * and keys without a policy pass", async () => {
  const deny = { Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*" };
  assert.deepEqual(await violations(policy, KEY, { policy: JSON.stringify(doc(deny)) }), []);
  assert.deepEqual(await violations(policy, KEY, { description: "k" }), []);
});

test("a malformed policy document is reported naming the property, not passed or thrown", async () => {
  for (const bad of ["{not json", "42", 42, "[1,2]"])
    assert.deepEqual(await violations(policy, KEY, { policy: bad }), [
      "Key policy is not a readable JSON policy document: set policy to a valid document (JSON.stringify an object).",
    ]);
});

test("imported, replica and replica-imported keys are judged like keys", async () => {
  const open = {
    Sid: "Open",
    Effect: "Allow",
    Principal: { AWS: "*" },
    Action: "kms:Decrypt",
    Resource: "*",
  };
  for (const type of [
    "aws:kms/externalKey:ExternalKey",
    "aws:kms/replicaKey:ReplicaKey",
    "aws:kms/replicaExternalKey:ReplicaExternalKey",
  ])
    assert.deepEqual(await violations(policy, type, { policy: JSON.stringify(doc(open)) }), [
      'Key policy statement "Open" allows any principal ("*") with no condition: name the principals or add a condition.',
    ]);
});

test("an unknown key policy is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(await validate(policy, { type: "aws:kms/key:Key", props: { policy: UNKNOWN.string } }), {
    violations: [],
    unknownRead: "string value at .policy can't be known during preview",
  });
});

test('an empty key policy ("") allows nobody: passes', async () => {
  assert.deepEqual(await validate(policy, { type: "aws:kms/key:Key", props: { policy: "" } }), {
    violations: [],
  });
});
