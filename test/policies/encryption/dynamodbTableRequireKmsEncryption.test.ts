import assert from "node:assert/strict";
import { test } from "node:test";
import { dynamodbTableRequireKmsEncryption as policy } from "../../../policy-pack/policies/encryption/dynamodbTableRequireKmsEncryption";
import { violations } from "../helpers/policyHarness";

const TYPE = "aws:dynamodb/table:Table";
const compliant = () => ({ hashKey: "id", serverSideEncryption: { enabled: true, kmsKeyArn: "arn:k" } });

test("a compliant resource passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, compliant()), []);
});

test("the insecure setting is flagged", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, { ...compliant(), ...{ serverSideEncryption: { enabled: false } } }),
    ["DynamoDB table uses the AWS-owned key: set serverSideEncryption: { enabled: true, kmsKeyArn }."],
  );
});

test("no serverSideEncryption block (the AWS-owned key) is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { hashKey: "id" }), [
    "DynamoDB table uses the AWS-owned key: set serverSideEncryption: { enabled: true, kmsKeyArn }.",
  ]);
});
