import assert from "node:assert/strict";
import { test } from "node:test";
import { sqsQueueRequireEncryption as policy } from "../../../policy-pack/policies/encryption/sqsQueueRequireEncryption";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:sqs/queue:Queue";
const compliant = (): Record<string, any> => ({ name: "jobs", kmsMasterKeyId: "alias/k" });

test("a compliant resource passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, compliant()), []);
});

test("the insecure setting is flagged", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      ...compliant(),
      ...{ kmsMasterKeyId: undefined, sqsManagedSseEnabled: false },
    }),
    ["SQS queue is not encrypted: set kmsMasterKeyId, or leave sqsManagedSseEnabled on."],
  );
});

test("SSE-SQS (explicit, or the default for new queues) passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, { name: "jobs", sqsManagedSseEnabled: true }), []);
  assert.deepEqual(await violations(policy, TYPE, { name: "jobs" }), []);
});

test("a KMS key with SSE-SQS off passes", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, { kmsMasterKeyId: "alias/k", sqsManagedSseEnabled: false }),
    [],
  );
});

test("an unknown kmsMasterKeyId is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:sqs/queue:Queue",
      props: { kmsMasterKeyId: UNKNOWN.string, sqsManagedSseEnabled: false },
    }),
    { violations: [], unknownRead: "string value at .kmsMasterKeyId can't be known during preview" },
  );
});

test('an empty kmsMasterKeyId ("") with SSE-SQS off leaves the queue unencrypted: flagged', async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:sqs/queue:Queue",
      props: { kmsMasterKeyId: "", sqsManagedSseEnabled: false },
    }),
    { violations: ["SQS queue is not encrypted: set kmsMasterKeyId, or leave sqsManagedSseEnabled on."] },
  );
});
