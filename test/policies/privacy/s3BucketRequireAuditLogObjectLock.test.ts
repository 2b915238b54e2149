import assert from "node:assert/strict";
import { test } from "node:test";
import { s3BucketRequireAuditLogObjectLock as policy } from "../../../policy-pack/policies/privacy/s3BucketRequireAuditLogObjectLock";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const LOCK_V2 = "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2";
const LOCK = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration";
const archive = (props: Record<string, any> = {}, type = BUCKET_V2) =>
  res(type, "archive", {
    bucket: "rampart-prod-archive",
    tags: { "rampart:data-class": "audit-logs" },
    ...props,
  });
const lock = (mode: string | undefined, type = LOCK_V2, bucket = "rampart-prod-archive") =>
  res(type, "lock", {
    bucket,
    ...(mode === undefined ? {} : { rule: { defaultRetention: { mode, days: 365 } } }),
  });
const DEV = { allowedModes: ["COMPLIANCE", "GOVERNANCE"] };

test("Object Lock with a COMPLIANCE default retention passes: separate configuration (both tokens) or inline (v1)", async () => {
  for (const type of [LOCK, LOCK_V2])
    assert.deepEqual(
      await validateStack(policy, [archive({ objectLockEnabled: true }), lock("COMPLIANCE", type)]),
      [],
      type,
    );
  const inline = archive(
    {
      objectLockConfiguration: {
        objectLockEnabled: "Enabled",
        rule: { defaultRetention: { mode: "COMPLIANCE", years: 1 } },
      },
    },
    BUCKET,
  );
  assert.deepEqual(await validateStack(policy, [inline]), []);
});

test("GOVERNANCE is flagged by default (prod) and admitted where the config allows it (dev)", async () => {
  const b = archive({ objectLockEnabled: true });
  assert.deepEqual(await validateStack(policy, [b, lock("GOVERNANCE")]), [
    {
      urn: b.urn,
      message:
        'Audit log bucket "archive" locks objects in GOVERNANCE mode: use COMPLIANCE (GOVERNANCE retention can be bypassed with s3:BypassGovernanceRetention).',
    },
  ]);
  assert.deepEqual(await validateStack(policy, [b, lock("GOVERNANCE")], DEV), []);
});

test("an audit log bucket without Object Lock is flagged", async () => {
  const b = archive();
  assert.deepEqual(await validateStack(policy, [b]), [
    {
      urn: b.urn,
      message:
        'Audit log bucket "archive" has no Object Lock: set objectLockEnabled: true and a BucketObjectLockConfiguration with a COMPLIANCE default retention.',
    },
  ]);
});

test('Object Lock with no default retention (or a mode of "") is flagged: delivering services set none per object', async () => {
  const b = archive({ objectLockEnabled: true });
  const message =
    'Audit log bucket "archive" has Object Lock but no default retention: set rule.defaultRetention { mode: "COMPLIANCE", days }.';
  assert.deepEqual(await validateStack(policy, [b, lock(undefined)]), [{ urn: b.urn, message }]);
  assert.deepEqual(await validateStack(policy, [b, lock("")]), [{ urn: b.urn, message }]);
  assert.deepEqual(await validateStack(policy, [b]), [{ urn: b.urn, message }]);
});

test("a lock configuration for another bucket does not count; other classes are not judged", async () => {
  const b = archive();
  assert.equal((await validateStack(policy, [b, lock("COMPLIANCE", LOCK_V2, "other")])).length, 1);
  assert.deepEqual(
    await validateStack(policy, [res(BUCKET, "models", { tags: { "rampart:data-class": "models" } })]),
    [],
  );
});

test("unknown values during preview (the lock flag, the mode, the configuration's bucket) are not judged", async () => {
  assert.deepEqual(await validateStack(policy, [archive({ objectLockEnabled: UNKNOWN.boolean })]), []);
  assert.deepEqual(
    await validateStack(policy, [archive({ objectLockEnabled: true }), lock(UNKNOWN.string)]),
    [],
  );
  assert.deepEqual(await validateStack(policy, [archive(), lock("COMPLIANCE", LOCK_V2, UNKNOWN.string)]), []);
});
