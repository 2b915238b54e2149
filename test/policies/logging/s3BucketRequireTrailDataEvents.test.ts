import assert from "node:assert/strict";
import { test } from "node:test";
import { s3BucketRequireTrailDataEvents as policy } from "../../../policy-pack/policies/logging/s3BucketRequireTrailDataEvents";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const BUCKET = "aws:s3/bucket:Bucket";
const TRAIL = "aws:cloudtrail/trail:Trail";
const models = (props: Record<string, any> = {}) =>
  res(BUCKET, "models", {
    bucket: "rampart-prod-models",
    tags: { "rampart:data-class": "models" },
    ...props,
  });
const trail = (props: Record<string, any>) => res(TRAIL, "trail", { s3BucketName: "archive", ...props });
const basic = (values: string[], readWriteType?: string) => ({
  eventSelectors: [
    {
      ...(readWriteType ? { readWriteType } : {}),
      includeManagementEvents: true,
      dataResources: [{ type: "AWS::S3::Object", values }],
    },
  ],
});
const advanced = (extra: Record<string, any>[] = []) => ({
  advancedEventSelectors: [
    {
      name: "model and transcript reads and writes",
      fieldSelectors: [
        { field: "eventCategory", equals: ["Data"] },
        { field: "resources.type", equals: ["AWS::S3::Object"] },
        ...extra,
      ],
    },
  ],
});
const msg = (what: string) =>
  `Bucket "models" (models) has no trail recording its object ${what}: add an event selector for AWS::S3::Object with "arn:aws:s3:::rampart-prod-models/" (readWriteType All) to a trail.`;

test("basic selectors naming the bucket, or all buckets, pass (readWriteType defaults to All)", async () => {
  for (const values of [
    ["arn:aws:s3:::rampart-prod-models/"],
    ["arn:aws:s3"],
    ["arn:aws:s3:::rampart-prod-models"],
  ])
    assert.deepEqual(await validateStack(policy, [models(), trail(basic(values))]), [], values.join());
});

test("advanced selectors for S3 data events, all buckets or a startsWiths prefix of the bucket, pass", async () => {
  assert.deepEqual(await validateStack(policy, [models(), trail(advanced())]), []);
  // Pulumi's operator names are plural (startsWiths, as components/observability/siemPipeline.trail.ts writes).
  const scoped = advanced([{ field: "resources.ARN", startsWiths: ["arn:aws:s3:::rampart-prod-models/"] }]);
  assert.deepEqual(await validateStack(policy, [models(), trail(scoped)]), []);
  // The CloudTrail API's singular spelling is read too.
  const api = advanced([{ field: "resources.ARN", startsWith: ["arn:aws:s3:::rampart-prod-models/"] }]);
  assert.deepEqual(await validateStack(policy, [models(), trail(api)]), []);
});

test("a startsWiths scoped to other buckets does not cover this one (in either spelling)", async () => {
  const b = models();
  const flagged = [{ urn: b.urn, message: msg("reads and writes") }];
  for (const key of ["startsWiths", "startsWith"])
    assert.deepEqual(
      await validateStack(policy, [
        b,
        trail(advanced([{ field: "resources.ARN", [key]: ["arn:aws:s3:::rampart-prod-transcripts/"] }])),
      ]),
      flagged,
      key,
    );
});

test("resources.ARN equals or endsWiths, or a condition on another field (eventName), records some objects or events only", async () => {
  const b = models();
  const flagged = [{ urn: b.urn, message: msg("reads and writes") }];
  for (const extra of [
    { field: "resources.ARN", equals: ["arn:aws:s3:::rampart-prod-models/weights.bin"] },
    { field: "resources.ARN", endsWiths: [".bin"] },
    { field: "eventName", equals: ["PutObject"] },
    { field: "userIdentity.arn", notStartsWiths: ["arn:aws:sts::111122223333:assumed-role/model-server"] },
  ])
    assert.deepEqual(
      await validateStack(policy, [b, trail(advanced([extra]))]),
      flagged,
      JSON.stringify(extra),
    );
  // A field named with an empty condition narrows nothing.
  assert.deepEqual(
    await validateStack(policy, [b, trail(advanced([{ field: "eventName", equals: [] }]))]),
    [],
  );
});

test("reads and writes may come from two selectors or two trails", async () => {
  const reads = res(TRAIL, "reads", basic(["arn:aws:s3"], "ReadOnly"));
  const writes = res(TRAIL, "writes", advanced([{ field: "readOnly", equals: ["false"] }]));
  assert.deepEqual(await validateStack(policy, [models(), reads, writes]), []);
});

test("a bucket no trail records is flagged, and so is one recorded for writes only", async () => {
  const b = models();
  assert.deepEqual(await validateStack(policy, [b, trail({})]), [
    { urn: b.urn, message: msg("reads and writes") },
  ]);
  assert.deepEqual(await validateStack(policy, [b, trail(basic(["arn:aws:s3"], "WriteOnly"))]), [
    { urn: b.urn, message: msg("reads") },
  ]);
  assert.deepEqual(
    await validateStack(policy, [b, trail(advanced([{ field: "readOnly", equals: ["true"] }]))]),
    [{ urn: b.urn, message: msg("writes") }],
  );
});

test("a selector for another bucket, a key prefix only, or one excluding the bucket does not cover it", async () => {
  const b = models();
  const flagged = [{ urn: b.urn, message: msg("reads and writes") }];
  assert.deepEqual(await validateStack(policy, [b, trail(basic(["arn:aws:s3:::other/"]))]), flagged);
  assert.deepEqual(
    await validateStack(policy, [b, trail(basic(["arn:aws:s3:::rampart-prod-models/v1/"]))]),
    flagged,
  );
  for (const exclusion of [
    { field: "resources.ARN", notStartsWiths: ["arn:aws:s3:::rampart-prod-models/"] },
    { field: "resources.ARN", notStartsWith: ["arn:aws:s3:::rampart-prod-models/"] },
    { field: "resources.ARN", notStartsWiths: ["arn:aws:s3:::rampart-prod-models/private/"] },
    { field: "resources.ARN", notEquals: ["arn:aws:s3:::rampart-prod-models/weights.bin"] },
  ])
    assert.deepEqual(
      await validateStack(policy, [b, trail(advanced([exclusion]))]),
      flagged,
      JSON.stringify(exclusion),
    );
  const lambda = {
    advancedEventSelectors: [
      {
        fieldSelectors: [
          { field: "eventCategory", equals: ["Data"] },
          { field: "resources.type", equals: ["AWS::Lambda::Function"] },
        ],
      },
    ],
  };
  assert.deepEqual(await validateStack(policy, [b, trail(lambda)]), flagged);
});

test("a transcripts bucket is judged too; other classes, and stacks without a trail, are not", async () => {
  const t = res(BUCKET, "transcripts", { bucket: "tx", tags: { "rampart:data-class": "transcripts" } });
  assert.equal((await validateStack(policy, [t, trail({})])).length, 1);
  const logs = res(BUCKET, "logs", { bucket: "l", tags: { "rampart:data-class": "audit-logs" } });
  assert.deepEqual(await validateStack(policy, [logs, trail({})]), []);
  assert.deepEqual(await validateStack(policy, [models()]), []);
});

test('the bucket is found by its ARN when its name is "" or unset', async () => {
  const b = models({ bucket: "", arn: "arn:aws:s3:::rampart-prod-models" });
  assert.deepEqual(await validateStack(policy, [b, trail(basic(["arn:aws:s3:::rampart-prod-models/"]))]), []);
  assert.equal((await validateStack(policy, [b, trail({})])).length, 1);
});

test("unknown values during preview (bucket name, selector values, tag) are not judged", async () => {
  assert.deepEqual(await validateStack(policy, [models({ bucket: UNKNOWN.string }), trail({})]), []);
  assert.deepEqual(await validateStack(policy, [models(), trail(basic([UNKNOWN.string]))]), []);
  assert.deepEqual(await validateStack(policy, [models(), trail({ eventSelectors: UNKNOWN.array })]), []);
  assert.deepEqual(
    await validateStack(policy, [
      models(),
      trail(advanced([{ field: "resources.ARN", startsWith: [UNKNOWN.string] }])),
    ]),
    [],
  );
  for (const extra of [
    { field: "resources.ARN", startsWiths: [UNKNOWN.string] },
    { field: "resources.ARN", notStartsWiths: UNKNOWN.array },
    { field: UNKNOWN.string, equals: ["x"] },
  ])
    assert.deepEqual(
      await validateStack(policy, [models(), trail(advanced([extra]))]),
      [],
      JSON.stringify(extra),
    );
  assert.deepEqual(await validateStack(policy, [models({ tags: UNKNOWN.object }), trail({})]), []);
});
