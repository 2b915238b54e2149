import assert from "node:assert/strict";
import { test } from "node:test";
import { cloudwatchLogGroupRequireRetention as policy } from "../../../policy-pack/policies/logging/cloudwatchLogGroupRequireRetention";
import { violations } from "../helpers/policyHarness";

const TYPE = "aws:cloudwatch/logGroup:LogGroup";

test("a year, never-expire (0) and unset pass the default minimum of 365", async () => {
  for (const props of [{ retentionInDays: 365 }, { retentionInDays: 0 }, {}])
    assert.deepEqual(await violations(policy, TYPE, props), []);
});

test("a week is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { retentionInDays: 7 }), [
    "Log group retention is 7 days: set retentionInDays to at least 365.",
  ]);
});

test("the minimum is configurable (dev: 30)", async () => {
  assert.deepEqual(await violations(policy, TYPE, { retentionInDays: 30 }, { minimumDays: 30 }), []);
  assert.deepEqual(await violations(policy, TYPE, { retentionInDays: 14 }, { minimumDays: 30 }), [
    "Log group retention is 14 days: set retentionInDays to at least 30.",
  ]);
});
