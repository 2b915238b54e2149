import assert from "node:assert/strict";
import { test } from "node:test";
import { cloudwatchLogGroupRequireRetention as policy } from "../../../policy-pack/policies/logging/cloudwatchLogGroupRequireRetention";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:cloudwatch/logGroup:LogGroup";

const UNSET =
  "Log group sets no retentionInDays (kept forever by default, not by decision): set retentionInDays to at least 365 (or 0 to keep it forever on purpose).";

test("a year, ten years and an explicit never-expire (0) pass the default minimum of 365", async () => {
  for (const props of [{ retentionInDays: 365 }, { retentionInDays: 3653 }, { retentionInDays: 0 }])
    assert.deepEqual(await violations(policy, TYPE, props), []);
});

test("an omitted (or null) retentionInDays is flagged: forever by default is not a decision (CKV_AWS_66, CKV_AWS_338)", async () => {
  assert.deepEqual(await violations(policy, TYPE, {}), [UNSET]);
  assert.deepEqual(await violations(policy, TYPE, { retentionInDays: null }), [UNSET]);
  assert.deepEqual(await violations(policy, TYPE, {}, { minimumDays: 30 }), [
    "Log group sets no retentionInDays (kept forever by default, not by decision): set retentionInDays to at least 30 (or 0 to keep it forever on purpose).",
  ]);
});

test("a numeric string is read as its number (as the provider does)", async () => {
  assert.deepEqual(await violations(policy, TYPE, { retentionInDays: "400" }), []);
  assert.deepEqual(await violations(policy, TYPE, { retentionInDays: "7" }), [
    "Log group retention is 7 days: set retentionInDays to at least 365.",
  ]);
});

test("a retention that is not a number of days (negative, text, an object) is flagged, naming the property", async () => {
  assert.deepEqual(await violations(policy, TYPE, { retentionInDays: -1 }), [
    "Log group retentionInDays (-1) is not a number of days: set retentionInDays to at least 365.",
  ]);
  assert.deepEqual(await violations(policy, TYPE, { retentionInDays: "forever" }), [
    'Log group retentionInDays ("forever") is not a number of days: set retentionInDays to at least 365.',
  ]);
  assert.deepEqual(await violations(policy, TYPE, { retentionInDays: { days: 30 } }), [
    "Log group retentionInDays (object) is not a number of days: set retentionInDays to at least 365.",
  ]);
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

test("an unknown retention is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:cloudwatch/logGroup:LogGroup",
      props: { retentionInDays: UNKNOWN.number },
    }),
    { violations: [], unknownRead: "number value at .retentionInDays can't be known during preview" },
  );
});

test('an empty retention ("") is not a number of days: flagged', async () => {
  assert.deepEqual(
    await validate(policy, { type: "aws:cloudwatch/logGroup:LogGroup", props: { retentionInDays: "" } }),
    {
      violations: [
        'Log group retentionInDays ("") is not a number of days: set retentionInDays to at least 365.',
      ],
    },
  );
});

test("an unknown data-class tag is an advisory note during preview, not a pass or a throw", async () => {
  const out = await validate(policy, {
    type: TYPE,
    props: { retentionInDays: 0, tags: { "rampart:data-class": UNKNOWN.string } },
  });
  assert.deepEqual(out.violations, []);
  assert.match(out.unknownRead ?? "", /can't be known during preview/);
});

test("a personal-data group is held to its own window: 30 days passes, never-expire is flagged", async () => {
  const tags = { "rampart:data-class": "transcripts" };
  assert.deepEqual(await violations(policy, TYPE, { retentionInDays: 30, tags }), []);
  for (const props of [{ retentionInDays: 0, tags }, { tags }])
    assert.deepEqual(await violations(policy, TYPE, props), [
      "Log group holds personal data (rampart:data-class=transcripts) and never expires: set retentionInDays to that data class's retention window.",
    ]);
});

test("an evidence class (audit-logs) is still held to the minimum, and the personal classes are configurable", async () => {
  const audit = { retentionInDays: 30, tags: { "rampart:data-class": "audit-logs" } };
  assert.deepEqual(await violations(policy, TYPE, audit), [
    "Log group retention is 30 days: set retentionInDays to at least 365.",
  ]);
  assert.deepEqual(await violations(policy, TYPE, audit, { personalDataClasses: ["audit-logs"] }), []);
});
