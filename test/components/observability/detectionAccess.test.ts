import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { toStackExport } from "../../../cli/export";
import { PROJECT } from "../../../cli/plan";
import { type ExportResource, lintPolicyDocuments, verifyAccess } from "../../../cli/verify/iam";
import { siemDetectionAccess } from "../../../cli/verify/iam/siemDetectionAccess";
import { createDetection } from "../../../components/observability/siemPipeline.detection";
import { flattenConfig, runComponent, stackConfig } from "../../helpers/harness";

/**
 * `rampart verify`'s detection cases on an export built from the detection builder plus minimal
 * stand-ins for what other parts own: the archive bucket and its policy (Config's statements as the
 * archive builder writes them), the siem key, the alert topic and its policy.
 */

const ACCOUNT = "123456789012";

class Scope extends pulumi.ComponentResource {
  constructor(name: string) {
    super("rampart:test:DetectionScope", name, {});
  }
}

/** The archive's statements for Config (the archive builder's contract). */
function archivePolicy(bucket: string, opts: { configPrefix: string }) {
  const arn = `arn:aws:s3:::${bucket}`;
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ConfigChecksAcl",
        Effect: "Allow",
        Principal: { Service: "config.amazonaws.com" },
        Action: ["s3:GetBucketAcl", "s3:ListBucket"],
        Resource: arn,
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
      },
      {
        Sid: "ConfigDelivers",
        Effect: "Allow",
        Principal: { Service: "config.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${arn}/${opts.configPrefix}*`,
        Condition: {
          StringEquals: { "aws:SourceAccount": ACCOUNT, "s3:x-amz-acl": "bucket-owner-full-control" },
        },
      },
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [arn, `${arn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  };
}

/** A siem key as KeyRing writes it (admin by the account, use through S3), plus EventBridge for SNS. */
function siemKeyPolicy(withEvents: boolean) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountAdministers",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: ["kms:Describe*", "kms:Get*", "kms:PutKeyPolicy"],
        Resource: "*",
      },
      {
        Sid: "UseThroughS3",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:DescribeKey"],
        Resource: "*",
        Condition: {
          StringEquals: { "kms:CallerAccount": ACCOUNT, "kms:ViaService": "s3.us-east-1.amazonaws.com" },
        },
      },
      ...(withEvents
        ? [
            {
              Sid: "EventBridgePublishesToEncryptedTopics",
              Effect: "Allow",
              Principal: { Service: "events.amazonaws.com" },
              Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
              Resource: "*",
              Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
            },
          ]
        : []),
    ],
  };
}

async function exportOf(o: { configPrefix: string; eventsInKeyPolicy: boolean }): Promise<ExportResource[]> {
  const config = stackConfig("dev");
  const run = await runComponent(
    () => {
      const scope = new Scope("siem");
      const key = new aws.kms.Key("siem-key", { policy: JSON.stringify(siemKeyPolicy(o.eventsInKeyPolicy)) });
      const bucket = new aws.s3.Bucket("siem-archive", { bucket: "rampart-dev-archive" });
      new aws.s3.BucketPolicy("siem-archive-policy", {
        bucket: bucket.bucket,
        policy: bucket.bucket.apply((b) => JSON.stringify(archivePolicy(b, o))),
      });
      const topic = new aws.sns.Topic("siem-alerts", { kmsMasterKeyId: key.arn });
      new aws.sns.TopicPolicy("siem-alerts-policy", {
        arn: topic.arn,
        policy: topic.arn.apply((arn) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "EventBridgePublishes",
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: "sns:Publish",
                Resource: arn,
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
              },
            ],
          }),
        ),
      });
      new aws.cloudwatch.LogGroup("audit", { name: "/rampart/dev/audit" });
      createDetection(scope, "siem", {
        namePrefix: "rampart-dev",
        logGroupPrefix: "/rampart/dev/",
        siemKeyArn: key.arn,
        archiveBucketName: bucket.bucket,
        alertTopicArn: topic.arn,
        clusterName: "rampart-dev",
        logRetentionDays: 365,
      });
    },
    { config },
  );
  return toStackExport(run.resources, { project: PROJECT, stack: "dev", config: flattenConfig(config) })
    .deployment.resources;
}

const summary = (resources: readonly ExportResource[]) =>
  verifyAccess(resources, siemDetectionAccess(resources)).map(
    (v) => `${v.id} ${v.verdict}${v.pass ? "" : " FAIL"}`,
  );

describe("siemDetectionAccess", () => {
  let resources: ExportResource[];
  before(async () => {
    resources = await exportOf({
      configPrefix: `config/AWSLogs/${ACCOUNT}/Config/`,
      eventsInKeyPolicy: true,
    });
  });

  test("the builder's documents are well-formed", () => {
    assert.deepEqual(lintPolicyDocuments(resources), []);
  });

  test("every delivery path is allowed and the forbidden ones are denied", () => {
    assert.deepEqual(summary(resources), [
      "config-delivery/role/rampart-dev-config/s3:PutObject allow",
      "config-delivery/role/rampart-dev-config/kms:GenerateDataKey allow",
      "config-delivery/service/rampart-dev-archive/s3:GetBucketAcl allow",
      "config-delivery/service/rampart-dev-archive/s3:PutObject allow",
      "config-delivery-forbidden/other-account/rampart-dev-archive deny",
      "events-findings-log//rampart/dev/findings/logs:PutLogEvents allow",
      "events-findings-log-forbidden//rampart/dev/audit deny",
      "events-alerts/siem-alerts/sns:Publish allow",
      "events-alerts-forbidden/other-account/siem-alerts deny",
      "events-alerts/siem-alerts/kms:GenerateDataKey allow",
      "events-alerts/siem-alerts/kms:Decrypt allow",
    ]);
  });

  test("an archive policy with the wrong prefix, or a key without EventBridge, fails the cases", async () => {
    const wrong = await exportOf({ configPrefix: "AWSLogs/", eventsInKeyPolicy: false });
    const failed = summary(wrong).filter((s) => s.endsWith("FAIL"));
    assert.deepEqual(failed, [
      "config-delivery/service/rampart-dev-archive/s3:PutObject deny FAIL",
      "events-alerts/siem-alerts/kms:GenerateDataKey deny FAIL",
      "events-alerts/siem-alerts/kms:Decrypt deny FAIL",
    ]);
  });
});
