import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as aws from "@pulumi/aws";
import { toStackExport } from "../../../cli/export";
import { PROJECT } from "../../../cli/plan";
import { lintPolicyDocuments, parseAccessCases, verifyAccess } from "../../../cli/verify/iam";
import { privacyAccess } from "../../../cli/verify/iam/privacyAccess";
import type { ExportResource } from "../../../cli/verify/iam/types";
import { PrivacyControls } from "../../../components/privacy/privacyControls";
import { flattenConfig, runComponent, stackConfig } from "../../helpers/harness";

/**
 * PrivacyControls' access cases on an export built from the component under mocks: the writer (a Pod
 * Identity role of the export with no S3 or DynamoDB policy of its own, so the resource policies alone
 * admit it), an auditor outside the export, and any other role of the account. Then the same export
 * with a Deny removed: the cases that depend on it must fail.
 */

const ACCOUNT = "123456789012";
const AUDITOR = `arn:aws:iam::${ACCOUNT}:role/audit-view`;

/** A key policy: the account's administrators, and the writer when `admitWriter` (through S3 only). */
function keyPolicy(writerArn: string, admitWriter: boolean) {
  const statements: Record<string, unknown>[] = [
    {
      Sid: "AccountAdministers",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: ["kms:Describe*", "kms:Get*", "kms:List*", "kms:PutKeyPolicy"],
      Resource: "*",
    },
  ];
  if (admitWriter)
    statements.push({
      Sid: "WriterThroughS3",
      Effect: "Allow",
      Principal: { AWS: writerArn },
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: "*",
      Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
    });
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** The component's export; with `key`, the privacy key is in it too, with a policy that admits the writer or not. */
async function exportOf(key?: { admitWriter: boolean }): Promise<ExportResource[]> {
  const run = await runComponent(() => {
    const writer = new aws.iam.Role("model-server", {
      name: "model-server",
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "pods.eks.amazonaws.com" },
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
          },
        ],
      }),
    });
    new PrivacyControls("privacy", {
      namePrefix: "rampart-dev",
      logGroupPrefix: "/rampart/dev/",
      privacyKeyArn: key
        ? new aws.kms.Key("privacy-key", {
            enableKeyRotation: true,
            policy: writer.arn.apply((w) => keyPolicy(w, key.admitWriter)),
          }).arn
        : `arn:aws:kms:us-east-1:${ACCOUNT}:key/privacy`,
      transcriptRetentionDays: 30,
      applicationLogRetentionDays: 90,
      writerRoleArns: [writer.arn],
      auditRoleArns: [AUDITOR],
    });
  });
  const config = flattenConfig(stackConfig("dev"));
  return toStackExport(run.resources, { project: PROJECT, stack: "dev", config }).deployment.resources;
}

/** The export with one statement removed from the policy of the resource of this type. */
function without(resources: readonly ExportResource[], type: string, sid: string): ExportResource[] {
  return resources.map((r) => {
    if (r.type !== type) return r;
    const doc = JSON.parse(String(r.inputs.policy)) as { Statement: { Sid?: string }[] };
    doc.Statement = doc.Statement.filter((s) => s.Sid !== sid);
    return { ...r, inputs: { ...r.inputs, policy: JSON.stringify(doc) } };
  });
}

describe("privacy access cases", () => {
  let resources: ExportResource[];
  before(async () => {
    resources = await exportOf();
  });

  test("every policy document is well-formed, with actions and condition keys AWS knows", () => {
    assert.deepEqual(lintPolicyDocuments(resources), []);
  });

  test("cases are data in the documented format, cite their source, and cover each party", () => {
    const cases = privacyAccess(resources);
    assert.deepEqual(parseAccessCases(JSON.parse(JSON.stringify(cases))), JSON.parse(JSON.stringify(cases)));
    assert.ok(cases.every((c) => /^https:\/\//.test(c.cite)));
    for (const prefix of [
      "transcripts/privacy-transcripts/writer/model-server/put",
      "transcripts/privacy-transcripts/writer/model-server/put-plaintext-http",
      "transcripts/privacy-transcripts/auditor/audit-view/s3:GetObject",
      "transcripts/privacy-transcripts/other-role/s3:GetObject",
      "consent/privacy-consent-ledger/writer/model-server/dynamodb:PutItem",
      "consent/privacy-consent-ledger/auditor/audit-view/dynamodb:GetItem",
      "consent/privacy-consent-ledger/auditor/audit-view/dynamodb:PutItem",
      "consent/privacy-consent-ledger/other-role/dynamodb:GetItem",
      "consent/privacy-consent-ledger/admin/dynamodb:PutResourcePolicy",
    ])
      assert.ok(
        cases.some((c) => c.id === prefix),
        `no case ${prefix}`,
      );
  });

  test("every case gets the expected verdict", () => {
    const failures = verifyAccess(resources, privacyAccess(resources))
      .filter((v) => !v.pass)
      .map((v) => `${v.id}: expected ${v.expect}, got ${v.verdict} (${v.reason})`);
    assert.deepEqual(failures, []);
  });

  test("with the privacy key in the export, the writer's key cases follow the key policy", async () => {
    const ids = [
      "transcripts/privacy-transcripts/writer/model-server/key/kms:GenerateDataKey",
      "transcripts/privacy-transcripts/writer/model-server/key/kms:Decrypt",
    ];
    assert.ok(!privacyAccess(resources).some((c) => ids.includes(c.id)), "no key case without the key");
    for (const admitWriter of [true, false]) {
      const withKey = await exportOf({ admitWriter });
      const verdicts = verifyAccess(withKey, privacyAccess(withKey)).filter((v) => ids.includes(v.id));
      assert.deepEqual(
        verdicts.map((v) => [v.id, v.pass]),
        ids.map((id) => [id, admitWriter]),
      );
    }
  });

  // Mutations: each Deny is what refuses the cases below; without it they must fail.
  const mutations: [string, string, string, string[]][] = [
    [
      "transcript content",
      "aws:s3/bucketPolicy:BucketPolicy",
      "DenyContentExceptWriters",
      [
        "transcripts/privacy-transcripts/other-role/s3:GetObject",
        "transcripts/privacy-transcripts/other-role/s3:GetObjectVersion",
      ],
    ],
    [
      "transcript writes",
      "aws:s3/bucketPolicy:BucketPolicy",
      "DenyWriteExceptWriters",
      [
        "transcripts/privacy-transcripts/other-role/s3:PutObject",
        "transcripts/privacy-transcripts/other-role/s3:DeleteObjectVersion",
      ],
    ],
    [
      "SSE-S3 or the AWS managed key",
      "aws:s3/bucketPolicy:BucketPolicy",
      "DenyEncryptionWithoutOurKey",
      [
        "transcripts/privacy-transcripts/writer/model-server/put-aws-managed-key",
        "transcripts/privacy-transcripts/writer/model-server/put-sse-s3",
      ],
    ],
    [
      "another key",
      "aws:s3/bucketPolicy:BucketPolicy",
      "DenyOtherKey",
      ["transcripts/privacy-transcripts/writer/model-server/put-other-key"],
    ],
    [
      "TLS 1.1",
      "aws:s3/bucketPolicy:BucketPolicy",
      "DenyTlsOlderThan12",
      ["transcripts/privacy-transcripts/writer/model-server/get-tls-1.1"],
    ],
    [
      "plaintext transport",
      "aws:s3/bucketPolicy:BucketPolicy",
      "DenyInsecureTransport",
      ["transcripts/privacy-transcripts/writer/model-server/put-plaintext-http"],
    ],
    [
      "consent reads",
      "aws:dynamodb/resourcePolicy:ResourcePolicy",
      "DenyReadExceptWritersAndAuditors",
      [
        "consent/privacy-consent-ledger/other-role/dynamodb:GetItem",
        "consent/privacy-consent-ledger/other-role/dynamodb:ExportTableToPointInTime",
      ],
    ],
    [
      "consent writes",
      "aws:dynamodb/resourcePolicy:ResourcePolicy",
      "DenyWriteExceptWriters",
      [
        "consent/privacy-consent-ledger/other-role/dynamodb:PutItem",
        "consent/privacy-consent-ledger/auditor/audit-view/dynamodb:PutItem",
      ],
    ],
    [
      "the writer's grant",
      "aws:dynamodb/resourcePolicy:ResourcePolicy",
      "WritersReadAndWrite",
      ["consent/privacy-consent-ledger/writer/model-server/dynamodb:PutItem"],
    ],
  ];
  for (const [what, type, sid, ids] of mutations) {
    test(`without ${sid} (${what}), exactly its cases fail`, () => {
      const cases = privacyAccess(resources);
      const failing = verifyAccess(without(resources, type, sid), cases)
        .filter((v) => !v.pass)
        .map((v) => v.id);
      for (const id of ids) assert.ok(failing.includes(id), `${id} still passes without ${sid}`);
    });
  }
});
