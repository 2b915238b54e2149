import assert from "node:assert/strict";
import { test } from "node:test";
import { kinesisStreamLimitRetention as policy } from "../../../policy-pack/policies/privacy/kinesisStreamLimitRetention";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:kinesis/stream:Stream";
const tags = { "rampart:data-class": "transcripts" };
const tooLong = (hours: number, max = 24) =>
  `Stream carrying personal data (rampart:data-class=transcripts) keeps records ${hours} hours: set retentionPeriod to at most ${max}.`;

test("a personal-data stream with the default (unset) or 24 hours passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, { tags }), []);
  assert.deepEqual(await violations(policy, TYPE, { tags, retentionPeriod: 24 }), []);
  assert.deepEqual(await violations(policy, TYPE, { tags, retentionPeriod: null }), []);
});

test("extended retention on a personal-data stream is flagged (a number or a numeric string)", async () => {
  assert.deepEqual(await violations(policy, TYPE, { tags, retentionPeriod: 168 }), [tooLong(168)]);
  assert.deepEqual(await violations(policy, TYPE, { tags, retentionPeriod: "8760" }), [tooLong(8760)]);
});

test("the maximum and the personal classes are configurable", async () => {
  assert.deepEqual(await violations(policy, TYPE, { tags, retentionPeriod: 48 }, { maximumHours: 72 }), []);
  assert.deepEqual(await violations(policy, TYPE, { tags, retentionPeriod: 96 }, { maximumHours: 72 }), [
    tooLong(96, 72),
  ]);
  const audit = { tags: { "rampart:data-class": "audit-logs" }, retentionPeriod: 8760 };
  assert.deepEqual(await violations(policy, TYPE, audit), []);
  assert.deepEqual(await violations(policy, TYPE, audit, { personalDataClasses: ["audit-logs"] }), [
    "Stream carrying personal data (rampart:data-class=audit-logs) keeps records 8760 hours: set retentionPeriod to at most 24.",
  ]);
});

test('untagged streams, other classes and a data class "" are not judged', async () => {
  for (const props of [
    { retentionPeriod: 8760 },
    { retentionPeriod: 8760, tags: { "rampart:data-class": "" } },
    { retentionPeriod: 8760, tags: {} },
  ])
    assert.deepEqual(await violations(policy, TYPE, props), [], JSON.stringify(props));
});

test('a retentionPeriod that is not a number of hours ("", text, 0, an object) is flagged, naming the property', async () => {
  assert.deepEqual(await violations(policy, TYPE, { tags, retentionPeriod: "" }), [
    'Stream retentionPeriod ("") is not a number of hours: set retentionPeriod to at most 24.',
  ]);
  assert.deepEqual(await violations(policy, TYPE, { tags, retentionPeriod: "a week" }), [
    'Stream retentionPeriod ("a week") is not a number of hours: set retentionPeriod to at most 24.',
  ]);
  assert.deepEqual(await violations(policy, TYPE, { tags, retentionPeriod: 0 }), [
    "Stream retentionPeriod (0) is not a number of hours: set retentionPeriod to at most 24.",
  ]);
  assert.deepEqual(await violations(policy, TYPE, { tags, retentionPeriod: { hours: 1 } }), [
    "Stream retentionPeriod (object) is not a number of hours: set retentionPeriod to at most 24.",
  ]);
});

test("unknown values during preview (the retention, the tags) are the SDK's advisory note, not a pass or a throw", async () => {
  const r = await validate(policy, { type: TYPE, props: { tags, retentionPeriod: UNKNOWN.number } });
  assert.deepEqual(r, {
    violations: [],
    unknownRead: "number value at .retentionPeriod can't be known during preview",
  });
  const t = await validate(policy, { type: TYPE, props: { tags: UNKNOWN.object, retentionPeriod: 8760 } });
  assert.deepEqual(t.violations, []);
  assert.match(t.unknownRead ?? "", /can't be known during preview/);
});
