import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type * as k8s from "@pulumi/kubernetes";
import { describe, test } from "node:test";
import {
  CONCURRENT_SESSION_FINDINGS,
  configDeliveryPolicy,
  detectionProblems,
  findingRoutes,
  guardDutyAgentTolerationPatch,
  guardDutyAgentTolerations,
  matchesPattern,
  resolveDetection,
  routingTableMarkdown,
  securityHubStandardsArns,
} from "../../../components/observability/siemPipeline.detection.logic";
import {
  concurrentSessionPattern,
  findingsArchivePattern,
  guardDutyAlertPattern,
  securityHubAlertPattern,
} from "../../../components/observability/siemPipeline.findings";

/**
 * The detection builder's pure logic: argument problems, the standards' ARNs, and the event patterns
 * tested as data against realistic GuardDuty and Security Hub events.
 */

/** A GuardDuty Finding event as EventBridge delivers it (trimmed to the fields patterns read). */
function guardDutyEvent(type: string, severity: number) {
  return {
    version: "0",
    id: "c8c4daa7-a20c-2f03-0070-b7393dd542ad",
    "detail-type": "GuardDuty Finding",
    source: "aws.guardduty",
    account: "123456789012",
    time: "2026-12-02T03:00:00Z",
    region: "us-east-1",
    resources: [],
    detail: {
      schemaVersion: "2.0",
      accountId: "123456789012",
      region: "us-east-1",
      id: "16afba5c5c43e07c9e3e5e2e544e95df",
      type,
      severity,
      title: `sample ${type}`,
      resource: { resourceType: "AccessKey" },
    },
  };
}

/** A Security Hub Findings - Imported event (ASFF), trimmed. */
function securityHubEvent(f: { label: string; workflow?: string; record?: string; product?: string }) {
  return {
    version: "0",
    "detail-type": "Security Hub Findings - Imported",
    source: "aws.securityhub",
    account: "123456789012",
    region: "us-east-1",
    detail: {
      findings: [
        {
          Id: "arn:aws:securityhub:us-east-1:123456789012:security-control/S3.8/finding/abc",
          AwsAccountId: "123456789012",
          ProductName: f.product ?? "Security Hub",
          Title: "S3 general purpose buckets should block public access",
          Severity: { Label: f.label, Normalized: 70 },
          Workflow: { Status: f.workflow ?? "NEW" },
          RecordState: f.record ?? "ACTIVE",
        },
      ],
    },
  };
}

describe("detection arguments", () => {
  test("defaults turn every detector on with the High threshold", () => {
    assert.deepEqual(resolveDetection(undefined), {
      guardDuty: true,
      securityHub: true,
      config: true,
      alertMinSeverity: 7,
    });
    assert.deepEqual(detectionProblems(undefined), []);
    assert.deepEqual(detectionProblems({ guardDuty: false, alertMinSeverity: 9.5 }), []);
  });

  test("every bad field is reported at once with its path and the expected form", () => {
    const problems = detectionProblems({
      guardDuty: "yes" as unknown as boolean,
      config: 1 as unknown as boolean,
      alertMinSeverity: 0,
    });
    assert.deepEqual(
      problems.map((p) => [p.path.join("."), p.value]),
      [
        ["guardDuty", "yes"],
        ["config", 1],
        ["alertMinSeverity", 0],
      ],
    );
    assert.match(problems[2]!.message, /GuardDuty severity \(expected a number from 1 to 10/);
    assert.equal(detectionProblems({ alertMinSeverity: 10.5 }).length, 1);
    assert.equal(detectionProblems({ alertMinSeverity: Number.NaN }).length, 1);
  });
});

describe("Security Hub standards", () => {
  test("regional ARNs of FSBP v1.0.0 and CIS v3.0.0, in the caller's partition", () => {
    assert.deepEqual(securityHubStandardsArns("aws", "eu-west-1"), {
      fsbp: "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0",
      cis: "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0",
    });
    assert.equal(
      securityHubStandardsArns("aws-us-gov", "us-gov-west-1").cis,
      "arn:aws-us-gov:securityhub:us-gov-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0",
    );
  });
});

describe("event patterns as data", () => {
  const high = guardDutyEvent("CryptoCurrency:Runtime/BitcoinTool.B", 8);
  const low = guardDutyEvent("Recon:EC2/PortProbeUnprotectedPort", 2);

  test("GuardDuty alert rule: a high finding matches, a low one and the boundary below do not", () => {
    const p = guardDutyAlertPattern(7);
    assert.equal(matchesPattern(p, high), true);
    assert.equal(matchesPattern(p, guardDutyEvent("Backdoor:EC2/C&CActivity.B", 7)), true);
    assert.equal(matchesPattern(p, low), false);
    assert.equal(matchesPattern(p, guardDutyEvent("Backdoor:EC2/C&CActivity.B", 6.9)), false);
    // Another source with the same detail never matches.
    assert.equal(matchesPattern(p, { ...high, source: "aws.securityhub" }), false);
  });

  test("session rule: each concurrent-session finding matches at Medium severity; unrelated ones do not", () => {
    const p = concurrentSessionPattern();
    for (const type of [
      "UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B",
      "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
      "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS",
      "InitialAccess:IAMUser/AnomalousBehavior",
      "CredentialAccess:IAMUser/AnomalousBehavior",
      "Exfiltration:IAMUser/AnomalousBehavior",
    ]) {
      assert.equal(matchesPattern(p, guardDutyEvent(type, 5)), true, type);
      // Below the alert threshold: only the session rule catches it.
      assert.equal(matchesPattern(guardDutyAlertPattern(7), guardDutyEvent(type, 5)), false, type);
    }
    for (const type of [
      "Recon:IAMUser/MaliciousIPCaller",
      "UnauthorizedAccess:IAMUser/TorIPCaller",
      "Policy:IAMUser/RootCredentialUsage",
      "InitialAccess:IAMUser/AnomalousBehavior.Extra",
    ]) {
      assert.equal(matchesPattern(p, guardDutyEvent(type, 5)), false, type);
    }
    assert.equal(CONCURRENT_SESSION_FINDINGS.length, 3);
  });

  test("Security Hub rule: new, active HIGH/CRITICAL findings only, and not GuardDuty's (alerted once)", () => {
    const p = securityHubAlertPattern();
    assert.equal(matchesPattern(p, securityHubEvent({ label: "HIGH" })), true);
    assert.equal(matchesPattern(p, securityHubEvent({ label: "CRITICAL" })), true);
    assert.equal(matchesPattern(p, securityHubEvent({ label: "MEDIUM" })), false);
    assert.equal(matchesPattern(p, securityHubEvent({ label: "HIGH", workflow: "RESOLVED" })), false);
    assert.equal(matchesPattern(p, securityHubEvent({ label: "HIGH", record: "ARCHIVED" })), false);
    assert.equal(matchesPattern(p, securityHubEvent({ label: "HIGH", product: "GuardDuty" })), false);
  });

  test("archive rule: every finding of the enabled sources, nothing else", () => {
    const both = findingsArchivePattern({ guardDuty: true, securityHub: true });
    assert.equal(matchesPattern(both, low), true);
    assert.equal(matchesPattern(both, securityHubEvent({ label: "LOW", workflow: "SUPPRESSED" })), true);
    assert.equal(
      matchesPattern(both, { source: "aws.config", "detail-type": "Config Rules Compliance Change" }),
      false,
    );
    const gdOnly = findingsArchivePattern({ guardDuty: true, securityHub: false });
    assert.equal(matchesPattern(gdOnly, securityHubEvent({ label: "HIGH" })), false);
  });

  test("matcher: exists, suffix and numeric ranges behave as EventBridge documents", () => {
    assert.equal(matchesPattern({ detail: { missing: [{ exists: false }] } }, high), true);
    assert.equal(matchesPattern({ detail: { type: [{ exists: true }] } }, high), true);
    assert.equal(matchesPattern({ detail: { missing: ["x"] } }, high), false);
    assert.equal(matchesPattern({ detail: { type: [{ suffix: ".B" }] } }, high), true);
    assert.equal(matchesPattern({ detail: { severity: [{ numeric: [">", 2, "<", 8] }] } }, high), false);
    assert.equal(matchesPattern({ detail: { severity: [{ numeric: [">", 2, "<=", 8] }] } }, high), true);
  });
});

describe("routing table", () => {
  test("rules exist only for detectors that are on; every alert rule names a runbook", () => {
    assert.deepEqual(
      findingRoutes({ guardDuty: true, securityHub: true, alertMinSeverity: 7 }).map((r) => r.role),
      ["guardduty-alerts", "session-alerts", "securityhub-alerts", "findings-to-logs"],
    );
    assert.deepEqual(
      findingRoutes({ guardDuty: false, securityHub: true, alertMinSeverity: 7 }).map((r) => r.role),
      ["securityhub-alerts", "findings-to-logs"],
    );
    assert.deepEqual(findingRoutes({ guardDuty: false, securityHub: false, alertMinSeverity: 7 }), []);
    for (const r of findingRoutes({ guardDuty: true, securityHub: true, alertMinSeverity: 7 })) {
      if (r.target === "alerts") {
        assert.ok(r.runbook && r.message, r.role);
        assert.ok(r.message.inputTemplate.includes(`docs/runbooks/${r.runbook}.md`), r.role);
        // SNS needs the template to be one JSON string.
        assert.equal(typeof JSON.parse(r.message.inputTemplate.replace(/<\w+>/g, "x")), "string");
      }
    }
    const md = routingTableMarkdown(
      findingRoutes({ guardDuty: true, securityHub: true, alertMinSeverity: 8 }),
    );
    assert.match(
      md,
      /`<project>-<stack>-guardduty-alerts` \| `\{"source":\["aws.guardduty"\].*"numeric":\[">=",8\]/,
    );
  });
});

describe("Config's delivery policy and the GuardDuty agent's tolerations", () => {
  test("Config's role writes only under config/AWSLogs/<account>/ of the archive", () => {
    const doc = configDeliveryPolicy({
      partition: "aws",
      accountId: "123456789012",
      bucketName: "rampart-prod-archive",
      siemKeyArn: "arn:aws:kms:us-east-1:123456789012:key/siem",
    });
    assert.deepEqual(
      doc.Statement.map((s) => s.Resource),
      [
        "arn:aws:s3:::rampart-prod-archive/config/AWSLogs/123456789012/*",
        "arn:aws:s3:::rampart-prod-archive",
        "arn:aws:kms:us-east-1:123456789012:key/siem",
      ],
    );
  });

  test("the agent tolerates each GPU taint once, by key and effect", () => {
    assert.deepEqual(
      guardDutyAgentTolerations([
        { key: "nvidia.com/gpu", effect: "NoSchedule" },
        { key: "nvidia.com/gpu", effect: "NoSchedule" },
      ]),
      [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
    );
  });

  test("the agent's patch names the GuardDuty DaemonSet and sets nothing but its tolerations", () => {
    // Typed as the Patch resource's args: tsc checks the shape against @pulumi/kubernetes.
    const patch: k8s.apps.v1.DaemonSetPatchArgs = guardDutyAgentTolerationPatch([
      { key: "nvidia.com/gpu", effect: "NoSchedule" },
    ]);
    assert.deepEqual(patch, {
      metadata: { name: "aws-guardduty-agent", namespace: "amazon-guardduty" },
      spec: {
        template: {
          spec: { tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }] },
        },
      },
    });
  });
});

describe("runbooks", () => {
  test("every alert route's runbook exists with the five sections the README promises", () => {
    const routes = findingRoutes({ guardDuty: true, securityHub: true, alertMinSeverity: 7 });
    const ids = routes.flatMap((r) => (r.runbook ? [r.runbook] : []));
    assert.equal(ids.length, 3);
    for (const id of ids) {
      const text = fs.readFileSync(path.join(__dirname, "../../../docs/runbooks", `${id}.md`), "utf8");
      for (const section of [
        "What fired",
        "Why it matters",
        "First 15 minutes",
        "Containment",
        "Evidence to keep",
      ])
        assert.match(text, new RegExp(`^## ${section}$`, "m"), `${id}: ${section}`);
    }
  });
});
