import assert from "node:assert/strict";
import { test } from "node:test";
import { sqsQueueRequireEncryption as policy } from "../../../policy-pack/policies/encryption/sqsQueueRequireEncryption";
import { violations } from "../helpers/policyHarness";

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
