import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { createAlerts } from "../../../components/observability/siemPipeline.alarms";
import { createArchive, createArchivePolicy } from "../../../components/observability/siemPipeline.archive";
import { trailArn, trailName } from "../../../components/observability/siemPipeline.logic";
import { createTrail } from "../../../components/observability/siemPipeline.trail";
import { KeyRing } from "../../../components/security/keyRing";
import { lintPolicyDocuments, verifyAccess, type ExportResource } from "../../../cli/verify/iam";
import { siemArchiveAccess } from "../../../cli/verify/iam/siemArchiveAccess";
import { plain, runComponent } from "../../helpers/harness";
import { TestScope } from "../../components/observability/scope";

// The archive, trail and alert topic built by our own builders with a real KeyRing, under mocks, as the
// export `rampart verify` reads; then the cases derived from it, evaluated against its policies.

const ACCOUNT = "123456789012";
let resources: ExportResource[];

before(async () => {
  const run = await runComponent(() => {
    const ring = new KeyRing("ring", { stack: "prod", logGroupPrefixes: ["/rampart/prod/"] });
    const scope = new TestScope("siem");
    const archive = createArchive(scope, "siem", {
      namePrefix: "rampart-prod",
      siemKeyArn: ring.keyArns.siem,
      archive: { objectLockDays: 365, expireAfterDays: 2557 },
    });
    const policy = createArchivePolicy(scope, "siem", {
      bucket: archive.bucketName,
      accountId: ACCOUNT,
      partition: "aws",
      trailArn: trailArn({
        partition: "aws",
        region: "us-east-1",
        accountId: ACCOUNT,
        name: trailName("rampart-prod"),
      }),
      writerRoleArns: [`arn:aws:iam::${ACCOUNT}:role/rampart-prod-firehose-backup`],
    });
    const trail = createTrail(scope, "siem", {
      namePrefix: "rampart-prod",
      logGroupPrefix: "/rampart/prod/",
      siemKeyArn: ring.keyArns.siem,
      archiveBucketName: archive.bucketName,
      dataEventBucketArns: [],
      logRetentionDays: 365,
      dependsOn: [policy],
    });
    createAlerts(scope, "siem", {
      namePrefix: "rampart-prod",
      siemKeyArn: ring.keyArns.siem,
      trailLogGroupName: trail.logGroupName,
    });
  });
  resources = run.registered.map((r) => ({
    urn: r.urn,
    type: r.type,
    id: r.id,
    inputs: plain(r.inputs),
    outputs: plain(r.outputs),
  }));
});

type Stmt = { Sid: string } & Record<string, unknown>;
/** The export with the statements of every document of resources of `type` edited. */
function edited(type: string, edit: (s: Stmt[]) => Stmt[], property = "policy"): ExportResource[] {
  return resources.map((r) => {
    if (r.type !== type) return r;
    const doc = JSON.parse(String(r.inputs[property])) as { Statement: Stmt[] };
    const text = JSON.stringify({ ...doc, Statement: edit(doc.Statement) });
    return { ...r, inputs: { ...r.inputs, [property]: text } };
  });
}
const without = (type: string, sid: string) => edited(type, (ss) => ss.filter((s) => s.Sid !== sid));
const failures = (rs: readonly ExportResource[]) =>
  verifyAccess(rs, siemArchiveAccess(rs))
    .filter((v) => v.verdict !== v.expect)
    .map((v) => v.id);

describe("SIEM archive and alert access cases", () => {
  test("the policies our builders write are well-formed, with actions and condition keys AWS knows", () => {
    assert.deepEqual(lintPolicyDocuments(resources), []);
  });

  test("the cases cover each delivery path and each refusal, and cite their source", () => {
    const ids = siemArchiveAccess(resources).map((c) =>
      c.id.replace(/rampart-prod-archive-[^/]*|siem-archive-bucket/, "B"),
    );
    for (const area of [
      "siem-archive/B/cloudtrail/rampart-prod-trail/s3:GetBucketAcl",
      "siem-archive/B/cloudtrail/rampart-prod-trail/own-trail",
      "siem-archive/B/cloudtrail/rampart-prod-trail/other-account-trail",
      "siem-archive/B/config/s3:PutObject",
      "siem-archive/B/config/other-account",
      "siem-archive/B/other-account",
      "siem-archive/B/config/no-tls",
      "siem-archive/B/config/tls-1.1",
      "siem-key/cloudtrail/rampart-prod-trail/own-account",
      "siem-trail-role/rampart-prod-trail/assume-role/own-account",
      "siem-trail-role/rampart-prod-trail/assume-role/other-account",
      "siem-trail-role/rampart-prod-trail/logs:PutLogEvents/123456789012_CloudTrail_eu-west-1",
      "siem-key/config/B/own-account",
      "siem-topic/rampart-prod-security-alerts/cloudwatch/own-account",
      "siem-topic/rampart-prod-security-alerts/events/own-account",
      "siem-topic/rampart-prod-security-alerts/other-account-principal",
      "siem-key/cloudwatch/rampart-prod-security-alerts/kms:GenerateDataKey/own-account",
      "siem-key/events/rampart-prod-security-alerts/kms:Decrypt/no-source-keys",
      "siem-key/cloudwatch/rampart-prod-security-alerts/kms:Decrypt/other-account",
    ])
      assert.ok(ids.includes(area), `no case ${area} in ${ids.join("\n")}`);
    assert.ok(siemArchiveAccess(resources).every((c) => /^https:\/\//.test(c.cite)));
  });

  test("every case gets the verdict it expects", () => {
    const verdicts = verifyAccess(resources, siemArchiveAccess(resources));
    assert.ok(verdicts.length >= 25, `${verdicts.length} cases`);
    for (const v of verdicts) assert.equal(v.verdict, v.expect, `${v.id}: ${v.reason}`);
  });

  test("the cases catch a loosened or missing statement", () => {
    const bucket = "aws:s3/bucketPolicy:BucketPolicy";
    const key = "aws:kms/key:Key";
    const topic = "aws:sns/topicPolicy:TopicPolicy";
    const only = (f: string[], part: string) => f.length > 0 && f.every((id) => id.includes(part));
    assert.ok(only(failures(without(bucket, "DenyInsecureTransport")), "/no-tls"));
    assert.ok(only(failures(without(bucket, "DenyTlsBelow12")), "/tls-1.1"));
    assert.ok(only(failures(without(bucket, "CloudTrailWrite")), "/own-trail"));
    assert.ok(only(failures(without(bucket, "ConfigWrite")), "config/"));
    assert.ok(only(failures(without(key, "CloudWatchAlarmsPublishEncrypted")), "siem-key/cloudwatch/"));
    assert.ok(only(failures(without(key, "EventBridgePublishesEncrypted")), "siem-key/events/"));
    assert.ok(only(failures(without(key, "ConfigDeliversToArchive")), "siem-key/config/"));
    assert.ok(only(failures(without(topic, "EventBridgeRulesPublish")), "/events/own-account"));
    assert.ok(only(failures(without(topic, "DenyInsecureTransport")), "/no-tls"));
    // The "obvious" hardening of the EventBridge statement breaks delivery: its KMS requests carry no
    // aws:SourceAccount, so the condition never matches and every event would be dropped.
    const conditioned = edited(key, (ss) =>
      ss.map((s) =>
        s.Sid === "EventBridgePublishesEncrypted"
          ? { ...s, Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }
          : s,
      ),
    );
    assert.ok(only(failures(conditioned), "siem-key/events/"));
    const anyTrail = edited(
      "aws:iam/role:Role",
      (ss) => ss.map(({ Condition: _dropped, ...s }) => s as Stmt),
      "assumeRolePolicy",
    );
    assert.deepEqual(failures(anyTrail), ["siem-trail-role/rampart-prod-trail/assume-role/other-account"]);
  });

  test("an export without a bucket tagged audit-logs has no archive cases", () => {
    const untagged = resources.map((r) =>
      r.type === "aws:s3/bucket:Bucket" ? { ...r, inputs: { ...r.inputs, tags: {} } } : r,
    );
    assert.ok(!siemArchiveAccess(untagged).some((c) => c.id.startsWith("siem-archive/")));
  });
});
