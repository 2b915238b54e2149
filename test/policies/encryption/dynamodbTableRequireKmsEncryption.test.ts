import assert from "node:assert/strict";
import { test } from "node:test";
import { dynamodbTableRequireKmsEncryption as policy } from "../../../policy-pack/policies/encryption/dynamodbTableRequireKmsEncryption";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

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

test("an unknown serverSideEncryption.enabled is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:dynamodb/table:Table",
      props: {
        serverSideEncryption: {
          enabled: UNKNOWN.boolean,
          kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1",
        },
      },
    }),
    {
      violations: [],
      unknownRead: "boolean value at .serverSideEncryption.enabled can't be known during preview",
    },
  );
});

test('enabled: "" is not true: flagged', async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:dynamodb/table:Table",
      props: { serverSideEncryption: { enabled: "", kmsKeyArn: "" } },
    }),
    {
      violations: [
        "DynamoDB table uses the AWS-owned key: set serverSideEncryption: { enabled: true, kmsKeyArn }.",
      ],
    },
  );
});

const AWS_MANAGED =
  "DynamoDB table uses the AWS-managed key (alias/aws/dynamodb), whose key policy we cannot write: set serverSideEncryption.kmsKeyArn to our KMS key.";

test("enabled without kmsKeyArn (the AWS-managed key) is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { serverSideEncryption: { enabled: true } }), [
    AWS_MANAGED,
  ]);
});

test('an empty kmsKeyArn ("") or the AWS-managed alias is flagged', async () => {
  for (const kmsKeyArn of ["", "  ", "alias/aws/dynamodb"])
    assert.deepEqual(await violations(policy, TYPE, { serverSideEncryption: { enabled: true, kmsKeyArn } }), [
      AWS_MANAGED,
    ]);
});

test("an unknown kmsKeyArn (our key, created in the same run) is an advisory note, not a violation", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: TYPE,
      props: { serverSideEncryption: { enabled: true, kmsKeyArn: UNKNOWN.string } },
    }),
    {
      violations: [],
      unknownRead: "string value at .serverSideEncryption.kmsKeyArn can't be known during preview",
    },
  );
});

test("the AWS-managed key named by its alias ARN is flagged", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      serverSideEncryption: {
        enabled: true,
        kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:alias/aws/dynamodb",
      },
    }),
    [AWS_MANAGED],
  );
});

test("inline replicas each need our key in their Region", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      ...compliant(),
      replicas: [
        { regionName: "eu-west-1", kmsKeyArn: "arn:aws:kms:eu-west-1:1:key/r" },
        { regionName: "us-east-1" },
        { regionName: "eu-central-1", kmsKeyArn: "" },
      ],
    }),
    [
      'DynamoDB table replica "us-east-1" uses the AWS-managed key: set replicas[1].kmsKeyArn to our KMS key in that Region.',
      'DynamoDB table replica "eu-central-1" uses the AWS-managed key: set replicas[2].kmsKeyArn to our KMS key in that Region.',
    ],
  );
});

test("a TableReplica resource needs our key", async () => {
  const REPLICA = "aws:dynamodb/tableReplica:TableReplica";
  const MSG =
    "DynamoDB table replica uses the AWS-managed key: set kmsKeyArn to our KMS key in the replica's Region.";
  assert.deepEqual(
    await violations(policy, REPLICA, { globalTableArn: "arn:t", kmsKeyArn: "arn:aws:kms:r:1:key/k" }),
    [],
  );
  assert.deepEqual(await violations(policy, REPLICA, { globalTableArn: "arn:t" }), [MSG]);
  assert.deepEqual(await violations(policy, REPLICA, { globalTableArn: "arn:t", kmsKeyArn: "" }), [MSG]);
  assert.deepEqual(await validate(policy, { type: REPLICA, props: { kmsKeyArn: UNKNOWN.string } }), {
    violations: [],
    unknownRead: "string value at .kmsKeyArn can't be known during preview",
  });
});
