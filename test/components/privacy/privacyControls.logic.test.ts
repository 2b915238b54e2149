import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { PrivacyControlsArgs } from "../../../components/privacy/privacyControls.args";
import {
  CONSENT_READ_ACTIONS,
  CONSENT_WRITE_ACTIONS,
  consentTablePolicy,
  DATA_IDENTIFIERS,
  dataIdentifierArn,
  dataProtectionPolicy,
  privacyLogGroupNames,
  transcriptBucketPolicy,
  transcriptBucketPrefix,
  validatePrivacyControlsArgs,
} from "../../../components/privacy/privacyControls.logic";
import { formatProblem } from "../../../components/shared/problems";
import { actionExists } from "../../../cli/verify/iam/iamData";

const valid: PrivacyControlsArgs = {
  namePrefix: "rampart-prod",
  logGroupPrefix: "/rampart/prod/",
  privacyKeyArn: "arn:aws:kms:us-east-1:123456789012:key/privacy",
  transcriptRetentionDays: 30,
  applicationLogRetentionDays: 90,
};
const problems = (args: Partial<PrivacyControlsArgs>) =>
  validatePrivacyControlsArgs({ ...valid, ...args }).map((p) => formatProblem(p));

const WRITER = "arn:aws:iam::123456789012:role/model-server";
const AUDITOR = "arn:aws:iam::123456789012:role/audit-view";
const BUCKET = "arn:aws:s3:::rampart-prod-transcripts-abc";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/privacy";
const TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/rampart-prod-consent-ledger";
type Stmt = Record<string, any>;
const sid = (doc: { Statement: Stmt[] }, s: string) => {
  const found = doc.Statement.find((x) => x.Sid === s);
  assert.ok(found, `no statement ${s}`);
  return found;
};

describe("validatePrivacyControlsArgs", () => {
  test("the minimal and a complete valid set have no problem", () => {
    assert.deepEqual(problems({}), []);
    assert.deepEqual(
      problems({
        storeTranscripts: false,
        consentGraceDays: 30,
        auditLogRetentionDays: 2557,
        writerRoleArns: [WRITER],
        auditRoleArns: [AUDITOR, WRITER],
        protect: false,
        alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:rampart-prod-alerts",
        tags: { team: "ml" },
      }),
      [],
    );
  });

  test("one line per bad field, naming the field, the value and what was expected", () => {
    assert.deepEqual(
      problems({
        namePrefix: "Rampart_Prod",
        logGroupPrefix: "rampart/prod",
        transcriptRetentionDays: 31,
        applicationLogRetentionDays: 0,
        auditLogRetentionDays: 10,
        consentGraceDays: -1,
        writerRoleArns: [WRITER, "model-server", WRITER],
        auditRoleArns: ["arn:aws:iam::123456789012:user/alice"],
        alarmTopicArn: "rampart-alerts",
        tags: { "rampart:data-class": "metrics" },
      }),
      [
        'namePrefix: "Rampart_Prod" is not a name prefix (expected 2 to 24 lowercase letters, digits or -, starting with a letter, e.g. "rampart-prod")',
        'logGroupPrefix: "rampart/prod" is not a log group prefix (expected "/<path>/" of letters, digits, ., _, -, / or #, e.g. "/rampart/prod/")',
        "transcriptRetentionDays: 31 is not a CloudWatch Logs retention period (expected one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)",
        "applicationLogRetentionDays: 0 is not a CloudWatch Logs retention period (expected one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)",
        "auditLogRetentionDays: 10 is not a CloudWatch Logs retention period (expected one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)",
        "consentGraceDays: -1 is not a number of days (expected a whole number from 0 to 3653)",
        'writerRoleArns[1]: "model-server" is not an IAM role ARN (expected "arn:aws:iam::<account>:role/<name>")',
        `writerRoleArns[2]: "${WRITER}" is listed twice`,
        'auditRoleArns[0]: "arn:aws:iam::123456789012:user/alice" is not an IAM role ARN (expected "arn:aws:iam::<account>:role/<name>")',
        'alarmTopicArn: "rampart-alerts" is not an SNS topic ARN (expected "arn:aws:sns:<region>:<account>:<topic>")',
        'tags: {"rampart:data-class":"metrics"} sets rampart:data-class or rampart:consent-grace-days, which PrivacyControls sets per resource',
      ],
    );
  });

  test("the longest valid name prefix fits S3's 37-character bucketPrefix", () => {
    const prefix = "a".repeat(24);
    assert.deepEqual(problems({ namePrefix: prefix }), []);
    assert.ok(transcriptBucketPrefix(prefix).length <= 37);
    assert.equal(problems({ namePrefix: "a".repeat(25) }).length, 1);
  });
});

describe("names and data identifiers", () => {
  test("log groups sit under the prefix the KeyRing's privacy key admits", () => {
    assert.deepEqual(privacyLogGroupNames("/rampart/dev/"), {
      application: "/rampart/dev/application",
      transcripts: "/rampart/dev/transcripts",
      audit: "/rampart/dev/data-protection-audit",
    });
  });

  test("identifiers cover e-mail, phone, national IDs, payment cards and credentials, each once", () => {
    for (const id of ["EmailAddress", "PhoneNumber-US", "Ssn-US", "CreditCardNumber", "AwsSecretKey"])
      assert.ok((DATA_IDENTIFIERS as readonly string[]).includes(id), id);
    assert.equal(new Set(DATA_IDENTIFIERS).size, DATA_IDENTIFIERS.length);
    assert.equal(
      dataIdentifierArn("EmailAddress"),
      "arn:aws:dataprotection::aws:data-identifier/EmailAddress",
    );
    assert.equal(
      dataIdentifierArn("EmailAddress", "aws-cn"),
      "arn:aws-cn:dataprotection::aws:data-identifier/EmailAddress",
    );
  });

  test("the data protection policy audits to the audit group and masks exactly the same identifiers", () => {
    const arns = DATA_IDENTIFIERS.map((id) => dataIdentifierArn(id));
    const doc = dataProtectionPolicy({ name: "p", identifierArns: arns, auditLogGroupName: "/r/audit" });
    assert.equal(doc.Version, "2021-06-01");
    const [audit, mask] = doc.Statement as Stmt[];
    assert.deepEqual(audit!.Operation, {
      Audit: { FindingsDestination: { CloudWatchLogs: { LogGroup: "/r/audit" } } },
    });
    assert.deepEqual(mask!.Operation, { Deidentify: { MaskConfig: {} } });
    assert.deepEqual(audit!.DataIdentifier, arns);
    assert.deepEqual(mask!.DataIdentifier, audit!.DataIdentifier);
  });
});

describe("transcriptBucketPolicy", () => {
  const doc = transcriptBucketPolicy({
    bucketArn: BUCKET,
    keyArn: KEY,
    writerRoleArns: [WRITER],
    auditRoleArns: [AUDITOR],
  });

  test("refuses plaintext and TLS below 1.2 for every action", () => {
    const insecure = sid(doc, "DenyInsecureTransport");
    assert.deepEqual(
      [insecure.Effect, insecure.Principal, insecure.Action, insecure.Resource, insecure.Condition],
      ["Deny", "*", "s3:*", [BUCKET, `${BUCKET}/*`], { Bool: { "aws:SecureTransport": "false" } }],
    );
    assert.deepEqual(sid(doc, "DenyTlsOlderThan12").Condition, {
      NumericLessThan: { "s3:TlsVersion": "1.2" },
    });
  });

  test("refuses another key, or an algorithm without our key, on PutObject; no header means the default (ours)", () => {
    const SSE = "s3:x-amz-server-side-encryption";
    const SSE_KEY = "s3:x-amz-server-side-encryption-aws-kms-key-id";
    assert.deepEqual(sid(doc, "DenyOtherKey").Condition, {
      Null: { [SSE_KEY]: "false" },
      StringNotEquals: { [SSE_KEY]: KEY },
    });
    assert.deepEqual(sid(doc, "DenyEncryptionWithoutOurKey").Condition, {
      Null: { [SSE]: "false", [SSE_KEY]: "true" },
    });
  });

  test("content is denied to all but writers; metadata to all but writers and auditors", () => {
    const content = sid(doc, "DenyContentExceptWriters");
    assert.deepEqual(content.Condition, { StringNotEquals: { "aws:PrincipalArn": [WRITER] } });
    assert.ok(content.Action.includes("s3:GetObject") && content.Action.includes("s3:GetObjectVersion"));
    assert.deepEqual(sid(doc, "DenyWriteExceptWriters").Condition, {
      StringNotEquals: { "aws:PrincipalArn": [WRITER] },
    });
    assert.deepEqual(sid(doc, "DenyMetadataExceptWritersAndAuditors").Condition, {
      StringNotEquals: { "aws:PrincipalArn": [WRITER, AUDITOR] },
    });
  });

  test("auditors are granted listing and tags, never an action that returns content", () => {
    const granted = doc.Statement.filter((s: Stmt) => s.Principal?.AWS?.includes(AUDITOR)).flatMap(
      (s: Stmt) => s.Action as string[],
    );
    assert.deepEqual(granted.sort(), [
      "s3:GetObjectTagging",
      "s3:GetObjectVersionTagging",
      "s3:ListBucket",
      "s3:ListBucketVersions",
    ]);
  });

  test("no writer: every write and read is denied to everyone (fail closed), nothing is allowed", () => {
    const closed = transcriptBucketPolicy({
      bucketArn: BUCKET,
      keyArn: KEY,
      writerRoleArns: [],
      auditRoleArns: [],
    });
    for (const s of [
      "DenyWriteExceptWriters",
      "DenyContentExceptWriters",
      "DenyMetadataExceptWritersAndAuditors",
    ])
      assert.equal(sid(closed, s).Condition, undefined, s);
    assert.ok(closed.Statement.every((s: Stmt) => s.Effect === "Deny"));
  });
});

describe("consentTablePolicy", () => {
  const doc = consentTablePolicy({ tableArn: TABLE, writerRoleArns: [WRITER], auditRoleArns: [AUDITOR] });

  test("denies data-plane writes to all but writers and reads to all but writers and auditors", () => {
    const w = sid(doc, "DenyWriteExceptWriters");
    assert.deepEqual(
      [w.Effect, w.Principal, w.Action, w.Resource, w.Condition],
      ["Deny", "*", [...CONSENT_WRITE_ACTIONS], TABLE, { StringNotEquals: { "aws:PrincipalArn": [WRITER] } }],
    );
    const r = sid(doc, "DenyReadExceptWritersAndAuditors");
    assert.deepEqual(
      [r.Action, r.Condition],
      [[...CONSENT_READ_ACTIONS], { StringNotEquals: { "aws:PrincipalArn": [WRITER, AUDITOR] } }],
    );
  });

  test("no Deny names a control-plane action, so administrators keep the table and its policy", () => {
    const denied = doc.Statement.filter((s: Stmt) => s.Effect === "Deny").flatMap(
      (s: Stmt) => s.Action as string[],
    );
    for (const a of denied) assert.ok(!a.includes("*"), a);
    for (const a of [
      "dynamodb:PutResourcePolicy",
      "dynamodb:UpdateTable",
      "dynamodb:DescribeTable",
      "dynamodb:DeleteTable",
    ])
      assert.ok(!denied.includes(a), a);
  });

  test("auditors are granted reads only", () => {
    assert.deepEqual(sid(doc, "AuditorsRead").Action, [
      "dynamodb:GetItem",
      "dynamodb:BatchGetItem",
      "dynamodb:Query",
      "dynamodb:Scan",
    ]);
  });

  test("every action named exists in AWS's service reference", () => {
    const all = [
      ...doc.Statement,
      ...transcriptBucketPolicy({
        bucketArn: BUCKET,
        keyArn: KEY,
        writerRoleArns: [WRITER],
        auditRoleArns: [AUDITOR],
      }).Statement,
    ].flatMap((s: Stmt) => (Array.isArray(s.Action) ? s.Action : [s.Action]) as string[]);
    for (const a of all.filter((x) => x !== "s3:*")) {
      const [service, name] = a.split(":") as [string, string];
      assert.ok(actionExists(service, name), a);
    }
  });

  test("no writer: writes denied to everyone (fail closed), reads still open to auditors only", () => {
    const closed = consentTablePolicy({ tableArn: TABLE, writerRoleArns: [], auditRoleArns: [AUDITOR] });
    assert.equal(sid(closed, "DenyWriteExceptWriters").Condition, undefined);
    assert.deepEqual(sid(closed, "DenyReadExceptWritersAndAuditors").Condition, {
      StringNotEquals: { "aws:PrincipalArn": [AUDITOR] },
    });
    assert.ok(!closed.Statement.some((s: Stmt) => s.Sid === "WritersReadAndWrite"));
  });
});
