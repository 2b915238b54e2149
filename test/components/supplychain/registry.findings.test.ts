import assert from "node:assert/strict";
import { test } from "node:test";
import {
  matchesPattern,
  securityHubAlertPattern,
} from "../../../components/observability/siemPipeline.findings";

/**
 * High-severity image findings need no route of their own: Amazon Inspector sends every ECR finding to
 * Security Hub, which emits it as `Security Hub Findings - Imported` with the finding in ASFF, and the
 * SIEM's rule for new, active HIGH/CRITICAL findings (`securityHubAlertPattern`) sends it to the alert
 * topic. The sample follows the Inspector finding Security Hub shows in Inspector's integration guide and
 * the ASFF `AwsEcrContainerImage` resource details.
 * @see https://docs.aws.amazon.com/inspector/latest/user/securityhub-integration.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-cwe-integration-types.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/asff-resourcedetails-awsecr.html
 */
const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const DIGEST = `sha256:${"a".repeat(64)}`;

function inspectorEcrFinding(label: string, workflow = "NEW", recordState = "ACTIVE") {
  return {
    version: "0",
    id: "0c9f7bb4-7e8b-4b8b-9d6c-5a0d2f1b9e11",
    "detail-type": "Security Hub Findings - Imported",
    source: "aws.securityhub",
    account: ACCOUNT,
    region: REGION,
    resources: [
      `arn:aws:securityhub:${REGION}::product/aws/inspector/arn:aws:inspector2:${REGION}:${ACCOUNT}:finding/f1`,
    ],
    detail: {
      findings: [
        {
          SchemaVersion: "2018-10-08",
          Id: `arn:aws:inspector2:${REGION}:${ACCOUNT}:finding/f1`,
          ProductArn: `arn:aws:securityhub:${REGION}::product/aws/inspector`,
          ProductName: "Inspector",
          CompanyName: "Amazon",
          Region: REGION,
          GeneratorId: "AWSInspector",
          AwsAccountId: ACCOUNT,
          Types: ["Software and Configuration Checks/Vulnerabilities/CVE"],
          Severity: { Label: label, Normalized: label === "CRITICAL" ? 90 : label === "HIGH" ? 70 : 40 },
          Title: "CVE-2024-3094 - xz-utils",
          Resources: [
            {
              Type: "AwsEcrContainerImage",
              Id: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/rampart-prod/vllm/${DIGEST}`,
              Partition: "aws",
              Region: REGION,
              Details: {
                AwsEcrContainerImage: {
                  RegistryId: ACCOUNT,
                  RepositoryName: "rampart-prod/vllm",
                  ImageDigest: DIGEST,
                  ImageTags: ["v0.6.3"],
                },
              },
            },
          ],
          Workflow: { Status: workflow },
          RecordState: recordState,
        },
      ],
    },
  };
}

test("a new, active HIGH or CRITICAL Inspector ECR image finding reaches the alert rule", () => {
  assert.equal(matchesPattern(securityHubAlertPattern(), inspectorEcrFinding("HIGH")), true);
  assert.equal(matchesPattern(securityHubAlertPattern(), inspectorEcrFinding("CRITICAL")), true);
});

test("MEDIUM findings, triaged (NOTIFIED) and archived findings do not page", () => {
  assert.equal(matchesPattern(securityHubAlertPattern(), inspectorEcrFinding("MEDIUM")), false);
  assert.equal(matchesPattern(securityHubAlertPattern(), inspectorEcrFinding("HIGH", "NOTIFIED")), false);
  assert.equal(
    matchesPattern(securityHubAlertPattern(), inspectorEcrFinding("HIGH", "NEW", "ARCHIVED")),
    false,
  );
});
