import assert from "node:assert/strict";
import { test } from "node:test";
import { kinesisFirehoseRequireEncryption as policy } from "../../../policy-pack/policies/encryption/kinesisFirehoseRequireEncryption";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const compliant = (): Record<string, any> => ({
  destination: "extended_s3",
  serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: "arn:k" },
});

test("a compliant resource passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, compliant()), []);
});

test("the insecure setting is flagged", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, { ...compliant(), ...{ serverSideEncryption: { enabled: false } } }),
    ["Firehose delivery stream is not encrypted: set serverSideEncryption: { enabled: true }."],
  );
});

test("a Direct PUT stream without serverSideEncryption is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { destination: "extended_s3" }), [
    "Firehose delivery stream is not encrypted: set serverSideEncryption: { enabled: true }.",
  ]);
});

test("a stream reading from Kinesis uses its source's encryption and is not judged", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      destination: "extended_s3",
      kinesisSourceConfiguration: { kinesisStreamArn: "arn:s", roleArn: "arn:r" },
    }),
    [],
  );
});

test("an unknown serverSideEncryption.enabled is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
      props: { serverSideEncryption: { enabled: UNKNOWN.boolean } },
    }),
    {
      violations: [],
      unknownRead: "boolean value at .serverSideEncryption.enabled can't be known during preview",
    },
  );
});

test('an empty kinesisSourceConfiguration ("") is no source: the stream is judged, and flagged', async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
      props: { kinesisSourceConfiguration: "", serverSideEncryption: { enabled: false } },
    }),
    {
      violations: ["Firehose delivery stream is not encrypted: set serverSideEncryption: { enabled: true }."],
    },
  );
});

test("a stream reading from MSK uses its source's encryption and is not judged", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      destination: "extended_s3",
      mskSourceConfiguration: { mskClusterArn: "arn:aws:kafka:c", topicName: "logs" },
    }),
    [],
  );
});
