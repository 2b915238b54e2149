import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { SiemPipelineArgs } from "../../../components/observability/siemPipeline.args";
import {
  alarmProblems,
  alertTopicPolicy,
  archiveBucketPolicy,
  archiveLifecycleRules,
  archiveProblems,
  trailArn,
  trailRolePolicy,
  trailRoleTrustPolicy,
} from "../../../components/observability/siemPipeline.logic";
import { formatProblem } from "../../../components/shared/problems";

const ACCOUNT = "123456789012";
const BUCKET = "arn:aws:s3:::rampart-prod-archive-abc";
const TRAIL = trailArn({
  partition: "aws",
  region: "us-east-1",
  accountId: ACCOUNT,
  name: "rampart-prod-trail",
});

type Shape = Pick<SiemPipelineArgs, "namePrefix" | "archive" | "trail" | "logRetentionDays">;
const valid: Shape = {
  namePrefix: "rampart-prod",
  archive: { objectLockDays: 365, expireAfterDays: 2557 },
  trail: { dataEventBucketArns: ["arn:aws:s3:::rampart-prod-models"] },
  logRetentionDays: 365,
};
const problems = (edit: Partial<Shape>) =>
  archiveProblems({ ...valid, ...edit }).map((p) => formatProblem(p));

describe("archiveProblems", () => {
  test("a valid archive and trail have none", () => {
    assert.deepEqual(problems({}), []);
    assert.deepEqual(
      problems({
        archive: {
          objectLockMode: "GOVERNANCE",
          objectLockDays: 1,
          expireAfterDays: 1,
          transitionToGlacierDays: 0,
        },
      }),
      [],
    );
  });

  test("one line per bad field, naming it, the value and what was expected", () => {
    assert.deepEqual(
      problems({
        namePrefix: "Rampart_Prod",
        archive: {
          objectLockMode: "LEGAL" as "COMPLIANCE",
          objectLockDays: 0,
          expireAfterDays: 1.5,
          transitionToGlacierDays: -1,
        },
        trail: { dataEventBucketArns: ["arn:aws:s3:::models/prefix", "models"] },
        logRetentionDays: 10,
      }),
      [
        'namePrefix: "Rampart_Prod" cannot prefix the archive bucket\'s name (expected lowercase letters, digits and -, at most 28 characters)',
        'archive.objectLockMode: "LEGAL" is not an Object Lock mode (expected "COMPLIANCE" or "GOVERNANCE")',
        "archive.objectLockDays: 0 is not a lock period (expected whole days from 1 to 36500)",
        "archive.expireAfterDays: 1.5 is not a retention (expected a positive whole number of days)",
        "archive.transitionToGlacierDays: -1 is not a number of days (expected a whole number >= 0)",
        'trail.dataEventBucketArns[0]: "arn:aws:s3:::models/prefix" is not an S3 bucket ARN (expected "arn:aws:s3:::<bucket>", no key)',
        'trail.dataEventBucketArns[1]: "models" is not an S3 bucket ARN (expected "arn:aws:s3:::<bucket>", no key)',
        "logRetentionDays: 10 is not a CloudWatch Logs retention period (expected one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)",
      ],
    );
  });

  test("a lock longer than the retention is refused (objects would expire while locked)", () => {
    assert.deepEqual(problems({ archive: { objectLockDays: 400, expireAfterDays: 365 } }), [
      "archive.objectLockDays: 400 exceeds archive.expireAfterDays (365): objects would expire while locked (expected at most 365)",
    ]);
  });

  test("the bucket prefix fits S3's 37-character bucketPrefix", () => {
    assert.deepEqual(problems({ namePrefix: "a".repeat(28) }), []);
    assert.equal(problems({ namePrefix: "a".repeat(29) }).length, 1);
  });

  test("outputs of other resources are not second-guessed", () => {
    const output = {} as unknown as string; // stands for a pulumi.Output
    assert.deepEqual(problems({ trail: { dataEventBucketArns: [output] } }), []);
  });
});

describe("alarmProblems", () => {
  test("addresses must be e-mail addresses, each once", () => {
    assert.deepEqual(alarmProblems({ alertEmails: ["secops@example.com"] }), []);
    assert.deepEqual(
      alarmProblems({ alertEmails: ["secops@example.com", "not-an-address", "SecOps@example.com"] }).map(
        (p) => formatProblem(p),
      ),
      [
        'alertEmails[1]: "not-an-address" is not an e-mail address (expected e.g. "secops@example.com")',
        'alertEmails[2]: "SecOps@example.com" is listed twice (expected each address once)',
      ],
    );
  });
});

describe("archiveLifecycleRules", () => {
  test("Glacier, expiry at the retention, noncurrent versions and incomplete uploads cleaned up", () => {
    assert.deepEqual(archiveLifecycleRules({ objectLockDays: 365, expireAfterDays: 2557 }), [
      {
        id: "archive-retention",
        status: "Enabled",
        filter: {},
        transitions: [{ days: 90, storageClass: "GLACIER" }],
        expiration: { days: 2557 },
        noncurrentVersionExpiration: { noncurrentDays: 1 },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      },
    ]);
  });
  test("no transition when objects expire first", () => {
    const [rule] = archiveLifecycleRules({ objectLockDays: 30, expireAfterDays: 90 });
    assert.equal("transitions" in rule!, false);
    const [custom] = archiveLifecycleRules({
      objectLockDays: 30,
      expireAfterDays: 90,
      transitionToGlacierDays: 30,
    });
    assert.deepEqual((custom as { transitions?: unknown }).transitions, [
      { days: 30, storageClass: "GLACIER" },
    ]);
  });
});

describe("archiveBucketPolicy", () => {
  const doc = archiveBucketPolicy({
    partition: "aws",
    accountId: ACCOUNT,
    bucketArn: BUCKET,
    trailArn: TRAIL,
    writerRoleArns: [`arn:aws:iam::${ACCOUNT}:role/firehose-backup`],
  });
  const sid = (s: string) => doc.Statement.find((x) => x.Sid === s);

  test("refuses plaintext and TLS below 1.2 on the bucket and every object", () => {
    assert.deepEqual(sid("DenyInsecureTransport"), {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [BUCKET, `${BUCKET}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    assert.deepEqual(sid("DenyTlsBelow12")?.Condition, { NumericLessThan: { "s3:TlsVersion": "1.2" } });
  });

  test("CloudTrail: our trail only, under cloudtrail/AWSLogs/<account>/", () => {
    assert.deepEqual(sid("CloudTrailAclCheck")?.Condition, { StringEquals: { "aws:SourceArn": TRAIL } });
    assert.deepEqual(sid("CloudTrailWrite"), {
      Sid: "CloudTrailWrite",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${BUCKET}/cloudtrail/AWSLogs/${ACCOUNT}/*`,
      Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": TRAIL } },
    });
  });

  test("AWS Config: our account only, under config/AWSLogs/<account>/Config/", () => {
    for (const s of ["ConfigAclCheck", "ConfigBucketExistenceCheck", "ConfigWrite"]) {
      assert.deepEqual(sid(s)?.Principal, { Service: "config.amazonaws.com" }, s);
      assert.equal(sid(s)?.Condition?.StringEquals?.["aws:SourceAccount"], ACCOUNT, s);
    }
    assert.equal(sid("ConfigWrite")?.Resource, `${BUCKET}/config/AWSLogs/${ACCOUNT}/Config/*`);
    assert.equal(sid("ConfigBucketExistenceCheck")?.Action, "s3:ListBucket");
  });

  test("writer roles put objects under firehose/ only; nothing else is granted", () => {
    assert.deepEqual(sid("WritersPutUnderTheirPrefix"), {
      Sid: "WritersPutUnderTheirPrefix",
      Effect: "Allow",
      Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:role/firehose-backup`] },
      Action: "s3:PutObject",
      Resource: `${BUCKET}/opensearch-failed/*`,
    });
    const allowed = doc.Statement.filter((s) => s.Effect === "Allow").flatMap((s) => [s.Action].flat());
    assert.deepEqual([...new Set(allowed)].sort(), ["s3:GetBucketAcl", "s3:ListBucket", "s3:PutObject"]);
  });

  test("without a trail or writers, no statement for them", () => {
    const bare = archiveBucketPolicy({
      partition: "aws",
      accountId: ACCOUNT,
      bucketArn: BUCKET,
      writerRoleArns: [],
    });
    assert.deepEqual(
      bare.Statement.map((s) => s.Sid),
      [
        "DenyInsecureTransport",
        "DenyTlsBelow12",
        "ConfigAclCheck",
        "ConfigBucketExistenceCheck",
        "ConfigWrite",
      ],
    );
  });
});

describe("CloudTrail's delivery role and the alert topic", () => {
  test("the trail ARN carries the home Region and the trail name", () => {
    assert.equal(TRAIL, `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/rampart-prod-trail`);
  });
  test("only our trail in our account assumes the role; it writes only CloudTrail's streams of one group", () => {
    assert.deepEqual(trailRoleTrustPolicy({ accountId: ACCOUNT, trailArn: TRAIL }).Statement[0]?.Condition, {
      StringEquals: { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": TRAIL },
    });
    const group = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/rampart/prod/cloudtrail`;
    assert.deepEqual(trailRolePolicy({ accountId: ACCOUNT, logGroupArn: group }).Statement, [
      {
        Sid: "WriteTrailLogStreams",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${group}:log-stream:${ACCOUNT}_CloudTrail_*`,
      },
    ]);
  });
  test("the topic admits our alarms and rules, over TLS only", () => {
    const topicArn = `arn:aws:sns:us-east-1:${ACCOUNT}:rampart-prod-security-alerts`;
    const doc = alertTopicPolicy({ partition: "aws", region: "us-east-1", accountId: ACCOUNT, topicArn });
    assert.deepEqual(
      doc.Statement.map((s) => [s.Sid, s.Effect, s.Principal, s.Condition]),
      [
        [
          "CloudWatchAlarmsPublish",
          "Allow",
          { Service: "cloudwatch.amazonaws.com" },
          {
            StringEquals: { "aws:SourceAccount": ACCOUNT },
            ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:*` },
          },
        ],
        [
          "EventBridgeRulesPublish",
          "Allow",
          { Service: "events.amazonaws.com" },
          {
            StringEquals: { "aws:SourceAccount": ACCOUNT },
            ArnLike: { "aws:SourceArn": `arn:aws:events:us-east-1:${ACCOUNT}:rule/*` },
          },
        ],
        ["DenyInsecureTransport", "Deny", "*", { Bool: { "aws:SecureTransport": "false" } }],
      ],
    );
    assert.ok(doc.Statement.every((s) => s.Action === "sns:Publish" && s.Resource === topicArn));
  });
});
