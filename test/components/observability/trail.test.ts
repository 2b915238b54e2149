import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as aws from "@pulumi/aws";
import { createTrail } from "../../../components/observability/siemPipeline.trail";
import { type Captured, json, plain, runComponent } from "../../helpers/harness";
import { TestScope } from "./scope";

const ACCOUNT = "123456789012";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/siem`;
const MODELS = "arn:aws:s3:::rampart-prod-models";
const TRANSCRIPTS = "arn:aws:s3:::rampart-prod-transcripts";
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/rampart-prod-trail`;

async function build(dataEventBucketArns: string[]): Promise<Captured> {
  return runComponent(() => {
    const scope = new TestScope("siem");
    // Stands for the archive's bucket policy, which the trail must wait for.
    const policy = new aws.s3.BucketPolicy(
      "siem-archive-policy",
      { bucket: "archive", policy: "{}" },
      { parent: scope },
    );
    createTrail(scope, "siem", {
      namePrefix: "rampart-prod",
      logGroupPrefix: "/rampart/prod/",
      siemKeyArn: KEY,
      archiveBucketName: "rampart-prod-archive-123",
      dataEventBucketArns,
      logRetentionDays: 365,
      dependsOn: [policy],
      tags: { team: "sec" },
    });
  });
}

describe("createTrail under mocks", () => {
  let run: Captured;
  before(async () => {
    run = await build([MODELS, TRANSCRIPTS]);
  });

  test("a multi-region trail with global events, validation, the siem key, into the archive under cloudtrail/", () => {
    const trail = run.one("aws:cloudtrail/trail:Trail", "siem-trail");
    const i = plain<Record<string, any>>(trail.inputs);
    assert.equal(i.name, "rampart-prod-trail");
    assert.equal(i.isMultiRegionTrail, true);
    assert.equal(i.includeGlobalServiceEvents, true);
    assert.equal(i.enableLogFileValidation, true);
    assert.equal(i.enableLogging, true);
    assert.equal(i.kmsKeyId, KEY);
    assert.equal(i.s3BucketName, "rampart-prod-archive-123");
    assert.equal(i.s3KeyPrefix, "cloudtrail");
    assert.equal(trail.parent, run.one("test:observability:Scope").urn);
  });

  test("management events and S3 object events of exactly the given buckets", () => {
    const i = plain<Record<string, any>>(run.one("aws:cloudtrail/trail:Trail").inputs);
    assert.deepEqual(i.advancedEventSelectors, [
      { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
      {
        name: "S3 object events of the model and transcript buckets",
        fieldSelectors: [
          { field: "eventCategory", equals: ["Data"] },
          { field: "resources.type", equals: ["AWS::S3::Object"] },
          { field: "resources.ARN", startsWiths: [`${MODELS}/`, `${TRANSCRIPTS}/`] },
        ],
      },
    ]);
  });

  test("to its own log group: siem key, retention, audit-logs class", () => {
    const group = run.one("aws:cloudwatch/logGroup:LogGroup", "siem-trail-logs");
    assert.deepEqual(plain(group.inputs), {
      name: "/rampart/prod/cloudtrail",
      kmsKeyId: KEY,
      retentionInDays: 365,
      tags: { team: "sec", "rampart:data-class": "audit-logs" },
    });
    const i = plain<Record<string, any>>(run.one("aws:cloudtrail/trail:Trail").inputs);
    assert.equal(i.cloudWatchLogsGroupArn, `${String(group.outputs.arn)}:*`);
    assert.equal(i.cloudWatchLogsRoleArn, run.one("aws:iam/role:Role").outputs.arn);
  });

  test("the delivery role: assumed by our trail only, writes only CloudTrail's streams of that group", () => {
    const role = run.one("aws:iam/role:Role", "siem-trail-logs-role");
    assert.deepEqual(json(role.inputs.assumeRolePolicy).Statement, [
      {
        Sid: "CloudTrailAssumesForOurTrail",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "sts:AssumeRole",
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": TRAIL_ARN } },
      },
    ]);
    const policy = run.one("aws:iam/rolePolicy:RolePolicy");
    assert.equal(plain(policy.inputs.role), role.outputs.name);
    const group = String(run.one("aws:cloudwatch/logGroup:LogGroup").outputs.arn);
    assert.deepEqual(json(policy.inputs.policy).Statement, [
      {
        Sid: "WriteTrailLogStreams",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${group}:log-stream:${ACCOUNT}_CloudTrail_*`,
      },
    ]);
  });

  test("the trail waits for the bucket policy and the role's policy", () => {
    const deps = run.one("aws:cloudtrail/trail:Trail").dependencies;
    assert.ok(deps.includes(run.named("siem-archive-policy").urn), "bucket policy");
    assert.ok(deps.includes(run.named("siem-trail-logs-write").urn), "role policy");
  });
});

describe("createTrail without data-event buckets", () => {
  test("records management events only", async () => {
    const run = await build([]);
    const i = plain<Record<string, any>>(run.one("aws:cloudtrail/trail:Trail").inputs);
    assert.deepEqual(i.advancedEventSelectors, [
      { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
    ]);
  });
});
