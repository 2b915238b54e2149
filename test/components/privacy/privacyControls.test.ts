import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { PrivacyControls, type PrivacyControlsArgs } from "../../../components/privacy/privacyControls";
import { DATA_IDENTIFIERS } from "../../../components/privacy/privacyControls.logic";
import {
  type Captured,
  type CapturedResource,
  json,
  plain,
  runComponent,
  unwrap,
} from "../../helpers/harness";

/**
 * PrivacyControls under Pulumi's mock runtime: exact children, and the security-relevant inputs of each.
 */

const KEY = "arn:aws:kms:us-east-1:123456789012:key/privacy";
const WRITER = "arn:aws:iam::123456789012:role/model-server";
const AUDITOR = "arn:aws:iam::123456789012:role/audit-view";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:rampart-dev-alerts";
const ARGS: PrivacyControlsArgs = {
  namePrefix: "rampart-dev",
  logGroupPrefix: "/rampart/dev/",
  privacyKeyArn: KEY,
  transcriptRetentionDays: 30,
  applicationLogRetentionDays: 90,
  consentGraceDays: 7,
  writerRoleArns: [pulumi.output(WRITER)],
  auditRoleArns: [AUDITOR],
  alarmTopicArn: TOPIC,
  tags: { team: "ml" },
};
/** What the mock cloud answers for the bucket and table ARNs. */
// The provider names a bucketPrefix bucket `<prefix><26 characters>`; the mock does the same.
const BUCKET_ARN = "arn:aws:s3:::rampart-dev-transcripts-20261202000000000000000001";
const TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/privacy-consent-ledger";
const input = (r: CapturedResource) => plain<Record<string, any>>(r.inputs);

async function build(
  args: PrivacyControlsArgs,
): Promise<{ run: Captured; outputs: Record<string, unknown> }> {
  let outputs: Record<string, unknown> = {};
  const run = await runComponent(async () => {
    const p = new PrivacyControls("privacy", args);
    outputs = {
      transcriptBucketArn: await unwrap(p.transcriptBucketArn),
      applicationLogGroupName: await unwrap(p.applicationLogGroupName),
      transcriptLogGroupName: await unwrap(p.transcriptLogGroupName),
      auditLogGroupName: await unwrap(p.auditLogGroupName),
      consentTableName: await unwrap(p.consentTableName),
      consentTableArn: await unwrap(p.consentTableArn),
    };
  });
  return { run, outputs };
}

describe("PrivacyControls", () => {
  let run: Captured;
  let outputs: Record<string, unknown>;
  before(async () => ({ run, outputs } = await build(ARGS)));

  test("registers exactly the expected children, all parented to the component", () => {
    const c = run.one("rampart:privacy:PrivacyControls", "privacy");
    assert.deepEqual(
      run
        .descendantsOf(c)
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
      [
        "aws:cloudwatch/logDataProtectionPolicy:LogDataProtectionPolicy privacy-application-logs-data-protection",
        "aws:cloudwatch/logDataProtectionPolicy:LogDataProtectionPolicy privacy-transcripts-logs-data-protection",
        "aws:cloudwatch/logGroup:LogGroup privacy-application-logs",
        "aws:cloudwatch/logGroup:LogGroup privacy-data-protection-audit",
        "aws:cloudwatch/logGroup:LogGroup privacy-transcripts-logs",
        "aws:cloudwatch/logMetricFilter:LogMetricFilter privacy-sensitive-data-findings",
        "aws:cloudwatch/metricAlarm:MetricAlarm privacy-sensitive-data-in-logs",
        "aws:dynamodb/resourcePolicy:ResourcePolicy privacy-consent-ledger-policy",
        "aws:dynamodb/table:Table privacy-consent-ledger",
        "aws:s3/bucket:Bucket privacy-transcripts",
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration privacy-transcripts-lifecycle",
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls privacy-transcripts-ownership",
        "aws:s3/bucketPolicy:BucketPolicy privacy-transcripts-policy",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock privacy-transcripts-public-access",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration privacy-transcripts-encryption",
        "aws:s3/bucketVersioning:BucketVersioning privacy-transcripts-versioning",
      ],
    );
    assert.ok(run.descendantsOf(c).every((r) => r.parent === c.urn));
  });

  test("outputs: the bucket ARN for the trail's data events, the log groups, the ledger", () => {
    assert.deepEqual(outputs, {
      transcriptBucketArn: BUCKET_ARN,
      applicationLogGroupName: "/rampart/dev/application",
      transcriptLogGroupName: "/rampart/dev/transcripts",
      auditLogGroupName: "/rampart/dev/data-protection-audit",
      consentTableName: "rampart-dev-consent-ledger",
      consentTableArn: TABLE_ARN,
    });
  });

  test("transcript bucket: privacy key with bucket keys, owner enforced, public access blocked, protected, tagged", () => {
    const bucket = run.named("privacy-transcripts");
    assert.equal(bucket.protect, true);
    assert.equal(input(bucket).bucketPrefix, "rampart-dev-transcripts-");
    assert.equal(input(bucket).tags["rampart:data-class"], "transcripts");
    assert.equal(input(bucket).tags.team, "ml");
    assert.deepEqual(input(run.named("privacy-transcripts-encryption")).rules, [
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY },
        bucketKeyEnabled: true,
      },
    ]);
    assert.deepEqual(input(run.named("privacy-transcripts-ownership")).rule, {
      objectOwnership: "BucketOwnerEnforced",
    });
    const pab = input(run.named("privacy-transcripts-public-access"));
    assert.deepEqual(
      [pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets],
      [true, true, true, true],
    );
    assert.deepEqual(input(run.named("privacy-transcripts-versioning")).versioningConfiguration, {
      status: "Enabled",
    });
  });

  test("lifecycle: current versions expire at the retention window, noncurrent a day later, uploads aborted", () => {
    const lc = run.named("privacy-transcripts-lifecycle");
    assert.deepEqual(input(lc).rules, [
      {
        id: "expire-transcripts",
        status: "Enabled",
        filter: {},
        expiration: { days: 30 },
        noncurrentVersionExpiration: { noncurrentDays: 1 },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
      },
    ]);
    assert.ok(lc.dependencies.includes(run.named("privacy-transcripts-versioning").urn));
  });

  test("bucket policy: built from the resolved bucket, key, writer and auditor ARNs, after the public access block", () => {
    const policy = run.named("privacy-transcripts-policy");
    const doc = json(input(policy).policy);
    const bySid = Object.fromEntries(doc.Statement.map((s: any) => [s.Sid, s]));
    assert.deepEqual(bySid.DenyInsecureTransport.Resource, [BUCKET_ARN, `${BUCKET_ARN}/*`]);
    assert.deepEqual(bySid.DenyOtherKey.Condition.StringNotEquals, {
      "s3:x-amz-server-side-encryption-aws-kms-key-id": KEY,
    });
    assert.deepEqual(bySid.DenyContentExceptWriters.Condition.StringNotEquals["aws:PrincipalArn"], [WRITER]);
    assert.deepEqual(bySid.AuditorsList.Principal, { AWS: [AUDITOR] });
    assert.ok(policy.dependencies.includes(run.named("privacy-transcripts-public-access").urn));
  });

  test("log groups: privacy key, retention per data class, data-class tags", () => {
    const groups = Object.fromEntries(
      run.ofType("aws:cloudwatch/logGroup:LogGroup").map((g) => {
        const i = input(g);
        return [i.name, [i.kmsKeyId, i.retentionInDays, i.tags["rampart:data-class"]]];
      }),
    );
    assert.deepEqual(groups, {
      "/rampart/dev/application": [KEY, 90, "application-logs"],
      "/rampart/dev/transcripts": [KEY, 30, "transcripts"],
      "/rampart/dev/data-protection-audit": [KEY, 365, "audit-logs"],
    });
  });

  test("data protection: each protected group audits to the audit group and masks every identifier", () => {
    for (const role of ["application", "transcripts"]) {
      const i = input(run.named(`privacy-${role}-logs-data-protection`));
      assert.equal(i.logGroupName, `/rampart/dev/${role}`);
      const doc = json(i.policyDocument);
      assert.equal(doc.Name, `rampart-dev-${role}`);
      const [audit, mask] = doc.Statement;
      assert.equal(
        audit.Operation.Audit.FindingsDestination.CloudWatchLogs.LogGroup,
        "/rampart/dev/data-protection-audit",
      );
      assert.deepEqual(mask.Operation, { Deidentify: { MaskConfig: {} } });
      assert.deepEqual(
        mask.DataIdentifier,
        DATA_IDENTIFIERS.map((id) => `arn:aws:dataprotection::aws:data-identifier/${id}`),
      );
    }
  });

  test("findings: every audit event counts; the first one in five minutes alarms to the topic", () => {
    const filter = input(run.named("privacy-sensitive-data-findings"));
    assert.deepEqual(
      [filter.logGroupName, filter.pattern, filter.metricTransformation],
      [
        "/rampart/dev/data-protection-audit",
        "",
        {
          name: "SensitiveDataFindings",
          namespace: "Rampart/Privacy/rampart-dev",
          value: "1",
          defaultValue: "0",
        },
      ],
    );
    const alarm = input(run.named("privacy-sensitive-data-in-logs"));
    assert.deepEqual(
      [
        alarm.name,
        alarm.namespace,
        alarm.metricName,
        alarm.statistic,
        alarm.period,
        alarm.evaluationPeriods,
        alarm.threshold,
        alarm.comparisonOperator,
        alarm.treatMissingData,
        alarm.alarmActions,
      ],
      [
        "rampart-dev-privacy-sensitive-data-in-logs",
        "Rampart/Privacy/rampart-dev",
        "SensitiveDataFindings",
        "Sum",
        300,
        1,
        1,
        "GreaterThanOrEqualToThreshold",
        "notBreaching",
        [TOPIC],
      ],
    );
    assert.match(alarm.alarmDescription, /docs\/runbooks\/privacy-sensitive-data-in-logs\.md/);
  });

  test("consent ledger: privacy key, PITR, deletion protection, TTL on expiresAt, on demand, keyed by subject hash", () => {
    const table = run.named("privacy-consent-ledger");
    const i = input(table);
    assert.equal(table.protect, true);
    assert.deepEqual(
      [i.name, i.billingMode, i.hashKey, i.rangeKey],
      ["rampart-dev-consent-ledger", "PAY_PER_REQUEST", "subjectId", "purposeVersion"],
    );
    assert.deepEqual(i.attributes, [
      { name: "subjectId", type: "S" },
      { name: "purposeVersion", type: "S" },
    ]);
    assert.deepEqual(i.serverSideEncryption, { enabled: true, kmsKeyArn: KEY });
    assert.deepEqual(i.pointInTimeRecovery, { enabled: true });
    assert.equal(i.deletionProtectionEnabled, true);
    assert.deepEqual(i.ttl, { attributeName: "expiresAt", enabled: true });
    assert.deepEqual(i.tags, {
      team: "ml",
      "rampart:data-class": "consent",
      "rampart:consent-grace-days": "7",
      "rampart:backup-class": "consent",
    });
  });

  test("consent policy: attached to the table, writers and auditors resolved, no self lock-out flag", () => {
    const i = input(run.named("privacy-consent-ledger-policy"));
    assert.equal(i.resourceArn, TABLE_ARN);
    assert.equal(i.confirmRemoveSelfResourceAccess, undefined);
    const doc = json(i.policy);
    const bySid = Object.fromEntries(doc.Statement.map((s: any) => [s.Sid, s]));
    assert.deepEqual(bySid.DenyWriteExceptWriters.Condition, {
      StringNotEquals: { "aws:PrincipalArn": [WRITER] },
    });
    assert.deepEqual(bySid.DenyReadExceptWritersAndAuditors.Condition, {
      StringNotEquals: { "aws:PrincipalArn": [WRITER, AUDITOR] },
    });
    assert.deepEqual(bySid.DenyWriteExceptWriters.Resource, TABLE_ARN);
  });
});

describe("PrivacyControls without transcripts", () => {
  test("no bucket and no transcript log group; the ledger and application logs remain", async () => {
    const { run, outputs } = await build({
      ...ARGS,
      storeTranscripts: false,
      protect: false,
      alarmTopicArn: undefined,
    });
    assert.equal(run.ofType("aws:s3/bucket:Bucket").length, 0);
    assert.equal(run.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").length, 0, "no topic, no alarm");
    assert.equal(run.ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter").length, 1);
    assert.equal(outputs.transcriptBucketArn, undefined);
    assert.equal(outputs.transcriptLogGroupName, undefined);
    assert.deepEqual(
      run
        .ofType("aws:cloudwatch/logGroup:LogGroup")
        .map((g) => input(g).name)
        .sort(),
      ["/rampart/dev/application", "/rampart/dev/data-protection-audit"],
    );
    assert.equal(run.named("privacy-consent-ledger").protect, false);
  });

  test("invalid arguments: one error listing every problem, before any child", async () => {
    await assert.rejects(
      build({ ...ARGS, transcriptRetentionDays: 31, namePrefix: "X" }),
      (err: Error) =>
        /PrivacyControls privacy: invalid arguments \(2 problems\)/.test(err.message) &&
        /transcriptRetentionDays: 31/.test(err.message) &&
        /namePrefix: "X"/.test(err.message),
    );
  });
});
