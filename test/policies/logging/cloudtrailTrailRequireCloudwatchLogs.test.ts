import assert from "node:assert/strict";
import { test } from "node:test";
import { cloudtrailTrailRequireCloudwatchLogs as policy } from "../../../policy-pack/policies/logging/cloudtrailTrailRequireCloudwatchLogs";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { compliantTrail, TRAIL } from "./cloudtrailFixtures";

const GROUP =
  "Trail does not deliver to CloudWatch Logs: set cloudWatchLogsGroupArn (the log group ARN with :*).";
const ROLE = "Trail has no role to write to CloudWatch Logs: set cloudWatchLogsRoleArn.";
const delivering = () => ({
  ...compliantTrail(),
  cloudWatchLogsGroupArn: "arn:aws:logs:eu-west-1:111122223333:log-group:/rampart/prod/trail:*",
  cloudWatchLogsRoleArn: "arn:aws:iam::111122223333:role/trail-logs",
});

test("a trail with a log group and a role passes", async () => {
  assert.deepEqual(await violations(policy, TRAIL, delivering()), []);
});

test("a trail without CloudWatch Logs delivery is flagged for both fields", async () => {
  assert.deepEqual(await violations(policy, TRAIL, compliantTrail()), [GROUP, ROLE]);
});

test('an empty string ("") or whitespace is not a log group or a role', async () => {
  assert.deepEqual(await violations(policy, TRAIL, { ...delivering(), cloudWatchLogsGroupArn: "" }), [GROUP]);
  assert.deepEqual(await violations(policy, TRAIL, { ...delivering(), cloudWatchLogsRoleArn: "  " }), [ROLE]);
});

test("an unknown log group ARN (another resource's output) counts as set: it decides nothing, so no note either", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: TRAIL,
      props: { ...delivering(), cloudWatchLogsGroupArn: UNKNOWN.string },
    }),
    { violations: [] },
  );
});
