import assert from "node:assert/strict";
import { test } from "node:test";
import { s3BucketRequirePersonalDataExpiration as policy } from "../../../policy-pack/policies/privacy/s3BucketRequirePersonalDataExpiration";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
const LIFECYCLE_V2 = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2";
const transcripts = (props: Record<string, any> = {}, type = BUCKET) =>
  res(type, "transcripts", {
    bucket: "rampart-prod-transcripts",
    tags: { "rampart:data-class": "transcripts" },
    ...props,
  });
const rule = (r: Record<string, any> = {}) => ({
  id: "expire",
  status: "Enabled",
  expiration: { days: 30 },
  ...r,
});
const lifecycle = (rules: unknown[], type = LIFECYCLE, bucket = "rampart-prod-transcripts") =>
  res(type, "lifecycle", { bucket, rules });
const msg = (name: string, cls: string) =>
  `Bucket "${name}" holds ${cls} data and never expires it: add a BucketLifecycleConfiguration rule (status "Enabled", no prefix or filter) with expiration.days set to the retention window.`;

test("a separate lifecycle configuration (both type tokens) that expires the whole bucket passes", async () => {
  for (const type of [LIFECYCLE, LIFECYCLE_V2])
    assert.deepEqual(
      await validateStack(policy, [transcripts({}, BUCKET_V2), lifecycle([rule()], type)]),
      [],
      type,
    );
  assert.deepEqual(
    await validateStack(policy, [transcripts(), lifecycle([rule({ filter: { prefix: "" } })])]),
    [],
  );
  assert.deepEqual(
    await validateStack(policy, [
      transcripts(),
      lifecycle([rule({ expiration: { date: "2027-01-01T00:00:00Z" } })]),
    ]),
    [],
  );
});

test("inline lifecycleRules (v1 Bucket) with an enabled expiring rule pass", async () => {
  assert.deepEqual(
    await validateStack(policy, [
      transcripts({ lifecycleRules: [{ enabled: true, expiration: { days: 30 } }] }),
    ]),
    [],
  );
});

test("a personal-data bucket that never expires is flagged (transcripts, consent, application-logs)", async () => {
  for (const cls of ["transcripts", "consent", "application-logs"]) {
    const b = res(BUCKET, cls, { bucket: cls, tags: { "rampart:data-class": cls } });
    assert.deepEqual(await validateStack(policy, [b]), [{ urn: b.urn, message: msg(cls, cls) }]);
  }
});

test("disabled rules, transitions only, a key prefix or a tag filter do not expire the whole bucket", async () => {
  const b = transcripts();
  const flagged = [{ urn: b.urn, message: msg("transcripts", "transcripts") }];
  assert.deepEqual(await validateStack(policy, [b, lifecycle([rule({ status: "Disabled" })])]), flagged);
  assert.deepEqual(
    await validateStack(policy, [
      b,
      lifecycle([rule({ expiration: undefined, transitions: [{ days: 30, storageClass: "GLACIER" }] })]),
    ]),
    flagged,
  );
  assert.deepEqual(
    await validateStack(policy, [b, lifecycle([rule({ filter: { prefix: "2026/" } })])]),
    flagged,
  );
  assert.deepEqual(
    await validateStack(policy, [b, lifecycle([rule({ filter: { tag: { key: "expire", value: "yes" } } })])]),
    flagged,
  );
  assert.deepEqual(await validateStack(policy, [b, lifecycle([rule({ expiration: { days: 0 } })])]), flagged);
  assert.deepEqual(
    await validateStack(policy, [
      transcripts({ lifecycleRules: [{ enabled: false, expiration: { days: 30 } }] }),
    ]),
    [{ urn: b.urn, message: msg("transcripts", "transcripts") }],
  );
});

test('a lifecycle for another bucket does not count; a date of "" is no expiry; other classes are not judged', async () => {
  const b = transcripts();
  const flagged = [{ urn: b.urn, message: msg("transcripts", "transcripts") }];
  assert.deepEqual(await validateStack(policy, [b, lifecycle([rule()], LIFECYCLE, "other")]), flagged);
  assert.deepEqual(
    await validateStack(policy, [b, lifecycle([rule({ expiration: { date: "" } })])]),
    flagged,
  );
  assert.deepEqual(
    await validateStack(policy, [res(BUCKET, "models", { tags: { "rampart:data-class": "models" } })]),
    [],
  );
});

test("unknown values during preview (rules, the lifecycle's bucket, the tags) are not judged", async () => {
  assert.deepEqual(
    await validateStack(policy, [transcripts(), lifecycle(UNKNOWN.array as unknown as unknown[])]),
    [],
  );
  assert.deepEqual(
    await validateStack(policy, [transcripts(), lifecycle([rule()], LIFECYCLE, UNKNOWN.string)]),
    [],
  );
  assert.deepEqual(await validateStack(policy, [transcripts({ lifecycleRules: UNKNOWN.array })]), []);
  assert.deepEqual(await validateStack(policy, [transcripts({ tags: UNKNOWN.object })]), []);
});
