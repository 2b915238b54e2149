import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import { CIS_ALARM_EVALUATION, CIS_ALARMS } from "../../../components/observability/siemPipeline.cis";
import { filterMatches, parseFilterPattern } from "./cisFilterMatcher";

// Minimal CloudTrail records (the fields the patterns read), shaped as CloudTrail writes them.
// @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
const user = { type: "IAMUser", arn: "arn:aws:iam::123456789012:user/alice", accountId: "123456789012" };
const api = (eventSource: string, eventName: string, extra: Record<string, unknown> = {}) => ({
  eventVersion: "1.09",
  userIdentity: user,
  eventSource,
  eventName,
  eventType: "AwsApiCall",
  awsRegion: "us-east-1",
  sourceIPAddress: "198.51.100.7",
  ...extra,
});
const login = (extra: Record<string, unknown>) => ({
  ...api("signin.amazonaws.com", "ConsoleLogin"),
  eventType: "AwsConsoleSignIn",
  ...extra,
});

/** For each row: events that must trigger it and look-alikes that must not. */
const SAMPLES: Record<string, { fire: object[]; quiet: object[] }> = {
  "root-use": {
    fire: [
      api("s3.amazonaws.com", "ListBuckets", { userIdentity: { type: "Root", accountId: "123456789012" } }),
    ],
    quiet: [
      api("s3.amazonaws.com", "ListBuckets"),
      // A service acting for the root user, and AWS's own service events, are not root use.
      api("s3.amazonaws.com", "ListBuckets", {
        userIdentity: { type: "Root", invokedBy: "support.amazonaws.com" },
      }),
      api("kms.amazonaws.com", "RotateKey", { userIdentity: { type: "Root" }, eventType: "AwsServiceEvent" }),
    ],
  },
  "unauthorized-api-calls": {
    fire: [
      api("ec2.amazonaws.com", "RunInstances", { errorCode: "Client.UnauthorizedOperation" }),
      api("s3.amazonaws.com", "GetObject", { errorCode: "AccessDenied" }),
      api("iam.amazonaws.com", "CreateUser", { errorCode: "AccessDeniedException" }),
    ],
    quiet: [
      api("s3.amazonaws.com", "GetObject"),
      api("s3.amazonaws.com", "GetObject", { errorCode: "NoSuchKey" }),
    ],
  },
  "console-signin-without-mfa": {
    fire: [login({ additionalEventData: { MFAUsed: "No" }, responseElements: { ConsoleLogin: "Success" } })],
    quiet: [
      login({ additionalEventData: { MFAUsed: "Yes" }, responseElements: { ConsoleLogin: "Success" } }),
      // A failed attempt is the failures alarm's, and a federated (SSO) user's MFA is the IdP's.
      login({ additionalEventData: { MFAUsed: "No" }, responseElements: { ConsoleLogin: "Failure" } }),
      login({
        userIdentity: { type: "AssumedRole" },
        additionalEventData: { MFAUsed: "No" },
        responseElements: { ConsoleLogin: "Success" },
      }),
    ],
  },
  "iam-policy-changes": {
    fire: [api("iam.amazonaws.com", "PutRolePolicy"), api("iam.amazonaws.com", "AttachUserPolicy")],
    quiet: [api("iam.amazonaws.com", "GetRolePolicy"), api("iam.amazonaws.com", "ListPolicies")],
  },
  "cloudtrail-changes": {
    fire: [api("cloudtrail.amazonaws.com", "StopLogging"), api("cloudtrail.amazonaws.com", "DeleteTrail")],
    quiet: [
      api("cloudtrail.amazonaws.com", "DescribeTrails"),
      api("cloudtrail.amazonaws.com", "LookupEvents"),
    ],
  },
  "console-signin-failures": {
    fire: [login({ errorMessage: "Failed authentication", responseElements: { ConsoleLogin: "Failure" } })],
    quiet: [login({ responseElements: { ConsoleLogin: "Success" } })],
  },
  "kms-key-disable-or-deletion": {
    fire: [api("kms.amazonaws.com", "ScheduleKeyDeletion"), api("kms.amazonaws.com", "DisableKey")],
    quiet: [api("kms.amazonaws.com", "EnableKey"), api("kms.amazonaws.com", "Decrypt")],
  },
  "s3-bucket-policy-changes": {
    fire: [api("s3.amazonaws.com", "PutBucketPolicy"), api("s3.amazonaws.com", "DeleteBucketPolicy")],
    quiet: [
      api("s3.amazonaws.com", "GetBucketPolicy"),
      // The same name from another service is not an S3 change.
      api("ec2.amazonaws.com", "PutBucketPolicy"),
    ],
  },
  "config-changes": {
    fire: [api("config.amazonaws.com", "StopConfigurationRecorder")],
    quiet: [api("config.amazonaws.com", "DescribeConfigurationRecorders")],
  },
  "security-group-changes": {
    fire: [api("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress")],
    quiet: [api("ec2.amazonaws.com", "DescribeSecurityGroups")],
  },
  "nacl-changes": {
    fire: [api("ec2.amazonaws.com", "ReplaceNetworkAclEntry")],
    quiet: [api("ec2.amazonaws.com", "DescribeNetworkAcls")],
  },
  "network-gateway-changes": {
    fire: [api("ec2.amazonaws.com", "AttachInternetGateway")],
    quiet: [api("ec2.amazonaws.com", "DescribeInternetGateways")],
  },
  "route-table-changes": {
    fire: [api("ec2.amazonaws.com", "CreateRoute"), api("ec2.amazonaws.com", "ReplaceRouteTableAssociation")],
    quiet: [api("ec2.amazonaws.com", "DescribeRouteTables")],
  },
  "vpc-changes": {
    fire: [api("ec2.amazonaws.com", "CreateVpcPeeringConnection"), api("ec2.amazonaws.com", "DeleteVpc")],
    quiet: [api("ec2.amazonaws.com", "DescribeVpcs")],
  },
  "organizations-changes": {
    fire: [api("organizations.amazonaws.com", "LeaveOrganization")],
    quiet: [api("organizations.amazonaws.com", "ListAccounts"), api("iam.amazonaws.com", "CreatePolicy")],
  },
};

describe("the CIS monitoring table", () => {
  test("covers the Security Hub CloudWatch.1-14 controls and the Organizations recommendation, once each", () => {
    assert.deepEqual(
      CIS_ALARMS.map((r) => r.control),
      [...Array.from({ length: 14 }, (_, i) => `CloudWatch.${i + 1}`), "CIS 4.15"],
    );
    assert.equal(new Set(CIS_ALARMS.map((r) => r.id)).size, CIS_ALARMS.length);
    assert.deepEqual(Object.keys(SAMPLES).sort(), CIS_ALARMS.map((r) => r.id).sort());
  });

  test("every alarm fires on one event in five minutes and treats no data as no event", () => {
    assert.deepEqual(CIS_ALARM_EVALUATION, {
      statistic: "Sum",
      periodSeconds: 300,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
    });
  });

  for (const row of CIS_ALARMS) {
    describe(`${row.id} (${row.control})`, () => {
      test("the pattern is valid filter syntax (within the subset we parse), and cites its control", () => {
        assert.doesNotThrow(() => parseFilterPattern(row.pattern));
        assert.match(row.cite, /^https:\/\//);
        if (row.control.startsWith("CloudWatch."))
          assert.ok(row.cite.endsWith(`#cloudwatch-${row.control.split(".")[1]}`), row.cite);
      });
      test("it matches the events that should trigger it", () => {
        for (const e of SAMPLES[row.id]!.fire) assert.ok(filterMatches(row.pattern, e), JSON.stringify(e));
      });
      test("and not the benign look-alikes", () => {
        for (const e of SAMPLES[row.id]!.quiet) assert.ok(!filterMatches(row.pattern, e), JSON.stringify(e));
      });
      test("its runbook exists with the five sections", () => {
        const text = fs.readFileSync(path.join(__dirname, "../../..", row.runbook), "utf8");
        for (const heading of [
          "## What fired",
          "## Why it matters",
          "## First 15 minutes",
          "## Containment",
          "## Evidence to keep",
        ])
          assert.ok(text.includes(heading), `${row.runbook} lacks ${heading}`);
        assert.ok(text.includes(row.control), `${row.runbook} names ${row.control}`);
      });
    });
  }
});

describe("the filter matcher itself", () => {
  test("refuses what it does not understand rather than guessing", () => {
    for (const bad of [
      "$.eventName = X",
      "{ $.eventName = }",
      "{ ($.a = 1) && ($.b = 2) || ($.c = 3) }",
      "{ ($.a = 1) }}",
      "{ $.a ~ 1 }",
    ])
      assert.throws(() => parseFilterPattern(bad), bad);
  });
  test("wildcards anchor at the ends; missing fields match nothing", () => {
    assert.ok(filterMatches('{ $.errorCode = "AccessDenied*" }', { errorCode: "AccessDeniedException" }));
    assert.ok(!filterMatches('{ $.errorCode = "AccessDenied*" }', { errorCode: "NotAccessDenied" }));
    assert.ok(!filterMatches('{ $.a != "x" }', {}));
    assert.ok(filterMatches("{ $.a.b NOT EXISTS }", { a: {} }));
  });
});
