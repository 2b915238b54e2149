import assert from "node:assert/strict";
import { test } from "node:test";
import { cloudtrailTrailRequireManagementEvents as policy } from "../../../policy-pack/policies/logging/cloudtrailTrailRequireManagementEvents";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const TRAIL = "aws:cloudtrail/trail:Trail";
const trail = (props: Record<string, any> = {}, name = "trail") =>
  res(TRAIL, name, { s3BucketName: "archive", isMultiRegionTrail: true, ...props });
const management = (...extra: Record<string, any>[]) => ({
  name: "Management events",
  fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }, ...extra],
});
const s3Data = {
  name: "S3 object events",
  fieldSelectors: [
    { field: "eventCategory", equals: ["Data"] },
    { field: "resources.type", equals: ["AWS::S3::Object"] },
    { field: "resources.ARN", startsWiths: ["arn:aws:s3:::rampart-prod-models/"] },
  ],
};
const msg = (name: string, missing: string) =>
  `Trail "${name}" does not record ${missing}, and no other trail in the stack records them all: add an advanced selector with eventCategory equals ["Management"] and no readOnly or eventSource condition.`;

test("a trail with no selectors records all management events by default: passes", async () => {
  assert.deepEqual(await validateStack(policy, [trail()]), []);
  assert.deepEqual(
    await validateStack(policy, [trail({ eventSelectors: [], advancedEventSelectors: [] })]),
    [],
  );
});

test("advanced selectors: a Management selector beside data selectors passes (our SIEM trail's form)", async () => {
  assert.deepEqual(
    await validateStack(policy, [trail({ advancedEventSelectors: [management(), s3Data] })]),
    [],
  );
});

test("advanced selectors for data events only record no management events: flagged", async () => {
  const t = trail({ advancedEventSelectors: [s3Data] });
  assert.deepEqual(await validateStack(policy, [t]), [
    { urn: t.urn, message: msg("trail", "management events") },
  ]);
});

test("advanced: readOnly narrows to reads or writes; an eventSource exclusion is named; eventName or one source only counts for nothing", async () => {
  const ro = trail({ advancedEventSelectors: [management({ field: "readOnly", equals: ["true"] })] });
  assert.deepEqual(await validateStack(policy, [ro]), [
    { urn: ro.urn, message: msg("trail", "write management events") },
  ]);
  for (const key of ["notEquals", "notStartsWiths", "notStartsWith"]) {
    const ex = trail({
      advancedEventSelectors: [management({ field: "eventSource", [key]: ["kms.amazonaws.com"] })],
    });
    assert.deepEqual(
      await validateStack(policy, [ex]),
      [{ urn: ex.urn, message: msg("trail", "events of kms.amazonaws.com (excluded)") }],
      key,
    );
  }
  for (const narrow of [
    { field: "eventName", equals: ["ConsoleLogin"] },
    { field: "eventSource", equals: ["iam.amazonaws.com"] },
    { field: "userIdentity.arn", notStartsWiths: ["arn:aws:sts::111122223333:assumed-role/ci"] },
  ]) {
    const t = trail({ advancedEventSelectors: [management(narrow)] });
    assert.deepEqual(
      await validateStack(policy, [t]),
      [{ urn: t.urn, message: msg("trail", "management events") }],
      JSON.stringify(narrow),
    );
  }
});

test("basic selectors: includeManagementEvents (default true) with readWriteType All (default) passes", async () => {
  assert.deepEqual(await validateStack(policy, [trail({ eventSelectors: [{}] })]), []);
  assert.deepEqual(
    await validateStack(policy, [
      trail({ eventSelectors: [{ includeManagementEvents: true, readWriteType: "All" }] }),
    ]),
    [],
  );
  // Reads from one selector and writes from another add up.
  assert.deepEqual(
    await validateStack(policy, [
      trail({ eventSelectors: [{ readWriteType: "ReadOnly" }, { readWriteType: "WriteOnly" }] }),
    ]),
    [],
  );
});

test("basic selectors: management events off, WriteOnly, or excluded sources are flagged", async () => {
  const off = trail({
    eventSelectors: [
      {
        includeManagementEvents: false,
        dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }],
      },
    ],
  });
  assert.deepEqual(await validateStack(policy, [off]), [
    { urn: off.urn, message: msg("trail", "management events") },
  ]);
  const offString = trail({ eventSelectors: [{ includeManagementEvents: "false" }] });
  assert.deepEqual(await validateStack(policy, [offString]), [
    { urn: offString.urn, message: msg("trail", "management events") },
  ]);
  const wo = trail({ eventSelectors: [{ readWriteType: "WriteOnly" }] });
  assert.deepEqual(await validateStack(policy, [wo]), [
    { urn: wo.urn, message: msg("trail", "read management events") },
  ]);
  const ex = trail({
    eventSelectors: [{ excludeManagementEventSources: ["kms.amazonaws.com", "rdsdata.amazonaws.com"] }],
  });
  assert.deepEqual(await validateStack(policy, [ex]), [
    { urn: ex.urn, message: msg("trail", "events of kms.amazonaws.com, rdsdata.amazonaws.com (excluded)") },
  ]);
});

test('empty strings: readWriteType "" is the default All; an excluded source "" excludes nothing', async () => {
  assert.deepEqual(
    await validateStack(policy, [
      trail({ eventSelectors: [{ readWriteType: "", excludeManagementEventSources: [""] }] }),
    ]),
    [],
  );
});

test("a data-events-only trail beside a full trail passes; with two partial trails each is flagged", async () => {
  const data = trail({ advancedEventSelectors: [s3Data] }, "data");
  assert.deepEqual(await validateStack(policy, [data, trail({}, "main")]), []);
  const reads = trail({ eventSelectors: [{ readWriteType: "ReadOnly" }] }, "reads");
  assert.deepEqual(await validateStack(policy, [data, reads]), [
    { urn: data.urn, message: msg("data", "management events") },
    { urn: reads.urn, message: msg("reads", "write management events") },
  ]);
  assert.deepEqual(await validateStack(policy, []), []);
});

test("unknown values during preview (the selector lists, a field, an operator's values, a flag) are not judged", async () => {
  for (const props of [
    { advancedEventSelectors: UNKNOWN.array },
    { eventSelectors: UNKNOWN.array },
    { advancedEventSelectors: [{ fieldSelectors: UNKNOWN.array }] },
    { advancedEventSelectors: [{ fieldSelectors: [{ field: UNKNOWN.string, equals: ["Management"] }] }] },
    { advancedEventSelectors: [{ fieldSelectors: [{ field: "eventCategory", equals: UNKNOWN.array }] }] },
    { eventSelectors: [{ includeManagementEvents: UNKNOWN.boolean }] },
    { eventSelectors: [{ readWriteType: UNKNOWN.string }] },
    { eventSelectors: [{ excludeManagementEventSources: [UNKNOWN.string] }] },
  ])
    assert.deepEqual(await validateStack(policy, [trail(props)]), [], JSON.stringify(props));
});

test("hostile shapes (selectors that are not lists or objects) do not throw and record nothing", async () => {
  const t = trail({ advancedEventSelectors: [42, "x", { fieldSelectors: "eventCategory" }] });
  assert.deepEqual(await validateStack(policy, [t]), [
    { urn: t.urn, message: msg("trail", "management events") },
  ]);
});
