import assert from "node:assert/strict";
import { test } from "node:test";
import { configRecorderRequireDeliveryChannel as policy } from "../../../policy-pack/policies/detection/configRecorderRequireDeliveryChannel";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const RECORDER = "aws:cfg/recorder:Recorder";
const CHANNEL = "aws:cfg/deliveryChannel:DeliveryChannel";
const recorder = () => res(RECORDER, "recorder", { name: "rampart", roleArn: "r" });

test("a recorder with a delivery channel passes", async () => {
  assert.deepEqual(
    await validateStack(policy, [recorder(), res(CHANNEL, "channel", { s3BucketName: "archive" })]),
    [],
  );
});

test("a recorder without a delivery channel is flagged", async () => {
  const r = recorder();
  assert.deepEqual(await validateStack(policy, [r]), [
    {
      urn: r.urn,
      message:
        'Config recorder "recorder" has no delivery channel: add an aws.cfg.DeliveryChannel to the archive bucket.',
    },
  ]);
});

test('a stack without a recorder is not judged; a channel\'s values ("", unknown) do not matter', async () => {
  assert.deepEqual(await validateStack(policy, [res(CHANNEL, "channel", { s3BucketName: "" })]), []);
  assert.deepEqual(
    await validateStack(policy, [recorder(), res(CHANNEL, "channel", { s3BucketName: "" })]),
    [],
  );
});

test("unknown values during preview: a channel whose bucket is unknown still counts as present", async () => {
  assert.deepEqual(
    await validateStack(policy, [recorder(), res(CHANNEL, "channel", { s3BucketName: UNKNOWN.string })]),
    [],
  );
});
