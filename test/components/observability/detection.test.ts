import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import {
  createDetection,
  type DetectionInputs,
  type DetectionOutputs,
} from "../../../components/observability/siemPipeline.detection";
import { matchesPattern } from "../../../components/observability/siemPipeline.findings";
import {
  type Captured,
  type CapturedResource,
  json,
  plain,
  runComponent,
  unwrap,
} from "../../helpers/harness";

/**
 * The detection builder under Pulumi's mock runtime: exact children, GuardDuty's features, Security
 * Hub's standards, Config's recorder and channel, and the EventBridge rules with their targets.
 */

/** A test-only parent standing for `SiemPipeline`. */
class Scope extends pulumi.ComponentResource {
  constructor(name: string) {
    super("rampart:test:DetectionScope", name, {});
  }
}

const SIEM_KEY = "arn:aws:kms:us-east-1:123456789012:key/siem";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:rampart-dev-alerts";
const INPUTS: DetectionInputs = {
  namePrefix: "rampart-dev",
  logGroupPrefix: "/rampart/dev/",
  siemKeyArn: SIEM_KEY,
  archiveBucketName: pulumi.output("rampart-dev-archive"),
  alertTopicArn: TOPIC,
  clusterName: "rampart-dev",
  logRetentionDays: 365,
  tags: { team: "security" },
};
const input = (r: CapturedResource) => plain<Record<string, any>>(r.inputs);

async function build(inputs: DetectionInputs): Promise<{ run: Captured; out: Record<string, unknown> }> {
  const out: Record<string, unknown> = {};
  const run = await runComponent(async () => {
    const scope = new Scope("siem");
    const o: DetectionOutputs = createDetection(scope, "siem", inputs);
    out.findingsLogGroupName = await unwrap(o.findingsLogGroupName);
    out.detectorId = o.detectorId && (await unwrap(o.detectorId));
    out.configRecorderName = o.configRecorderName && (await unwrap(o.configRecorderName));
    out.rules = Object.keys(o.ruleArns);
  });
  return { run, out };
}

describe("createDetection (every detector on)", () => {
  let run: Captured;
  let out: Record<string, unknown>;
  before(async () => ({ run, out } = await build(INPUTS)));

  test("registers exactly the expected children, all parented to the scope", () => {
    const scope = run.one("rampart:test:DetectionScope", "siem");
    const children = run.descendantsOf(scope);
    assert.deepEqual(children.map((r) => `${r.type} ${r.name}`).sort(), [
      "aws:cfg/deliveryChannel:DeliveryChannel siem-config-delivery",
      "aws:cfg/recorder:Recorder siem-config-recorder",
      "aws:cfg/recorderStatus:RecorderStatus siem-config-recorder-status",
      "aws:cloudwatch/eventRule:EventRule siem-findings-to-logs",
      "aws:cloudwatch/eventRule:EventRule siem-guardduty-alerts",
      "aws:cloudwatch/eventRule:EventRule siem-securityhub-alerts",
      "aws:cloudwatch/eventRule:EventRule siem-session-alerts",
      "aws:cloudwatch/eventTarget:EventTarget siem-findings-to-logs-target",
      "aws:cloudwatch/eventTarget:EventTarget siem-guardduty-alerts-target",
      "aws:cloudwatch/eventTarget:EventTarget siem-securityhub-alerts-target",
      "aws:cloudwatch/eventTarget:EventTarget siem-session-alerts-target",
      "aws:cloudwatch/logGroup:LogGroup siem-findings-logs",
      "aws:cloudwatch/logResourcePolicy:LogResourcePolicy siem-findings-logs-policy",
      "aws:guardduty/detector:Detector siem-guardduty",
      "aws:guardduty/detectorFeature:DetectorFeature siem-guardduty-ebs-malware-protection",
      "aws:guardduty/detectorFeature:DetectorFeature siem-guardduty-eks-audit-logs",
      "aws:guardduty/detectorFeature:DetectorFeature siem-guardduty-runtime-monitoring",
      "aws:guardduty/detectorFeature:DetectorFeature siem-guardduty-s3-data-events",
      "aws:iam/role:Role siem-config-role",
      "aws:iam/rolePolicy:RolePolicy siem-config-role-delivery",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment siem-config-role-managed",
      "aws:securityhub/account:Account siem-securityhub",
      "aws:securityhub/standardsSubscription:StandardsSubscription siem-securityhub-cis",
      "aws:securityhub/standardsSubscription:StandardsSubscription siem-securityhub-fsbp",
    ]);
    assert.ok(children.every((r) => r.parent === scope.urn));
    assert.deepEqual(out, {
      findingsLogGroupName: "/rampart/dev/findings",
      detectorId: "siem-guardduty-id",
      configRecorderName: "rampart-dev-recorder",
      rules: ["guardduty-alerts", "session-alerts", "securityhub-alerts", "findings-to-logs"],
    });
  });

  test("GuardDuty: 15-minute publishing, the four features, GuardDuty manages the EKS agent", () => {
    const detector = input(run.named("siem-guardduty"));
    assert.equal(detector.enable, true);
    assert.equal(detector.findingPublishingFrequency, "FIFTEEN_MINUTES");
    assert.equal(detector.datasources, undefined, "features, not the deprecated datasources block");
    const features = run.ofType("aws:guardduty/detectorFeature:DetectorFeature").map(input);
    assert.deepEqual(features.map((f) => [f.name, f.status, f.detectorId]).sort(), [
      ["EBS_MALWARE_PROTECTION", "ENABLED", "siem-guardduty-id"],
      ["EKS_AUDIT_LOGS", "ENABLED", "siem-guardduty-id"],
      ["RUNTIME_MONITORING", "ENABLED", "siem-guardduty-id"],
      ["S3_DATA_EVENTS", "ENABLED", "siem-guardduty-id"],
    ]);
    const runtime = features.find((f) => f.name === "RUNTIME_MONITORING")!;
    assert.deepEqual(runtime.additionalConfigurations, [
      { name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" },
      { name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "DISABLED" },
      { name: "EC2_AGENT_MANAGEMENT", status: "DISABLED" },
    ]);
  });

  test("Security Hub: consolidated control findings, FSBP v1.0.0 and CIS v3.0.0 after the account", () => {
    const account = run.named("siem-securityhub");
    assert.deepEqual(input(account), {
      enableDefaultStandards: false,
      controlFindingGenerator: "SECURITY_CONTROL",
      autoEnableControls: true,
    });
    const subs = run.ofType("aws:securityhub/standardsSubscription:StandardsSubscription");
    assert.deepEqual(subs.map((s) => input(s).standardsArn).sort(), [
      "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0",
      "arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0",
    ]);
    for (const s of subs) assert.ok(s.dependencies.includes(account.urn), s.name);
  });

  test("Config: continuous recording of everything, delivery to the archive under config/ with the siem key", () => {
    const recorder = run.named("siem-config-recorder");
    assert.deepEqual(input(recorder).recordingGroup, {
      allSupported: true,
      includeGlobalResourceTypes: true,
    });
    assert.deepEqual(input(recorder).recordingMode, { recordingFrequency: "CONTINUOUS" });
    assert.equal(input(recorder).roleArn, "arn:aws:iam::123456789012:role/rampart-dev-config");

    const channel = run.named("siem-config-delivery");
    assert.deepEqual(input(channel), {
      name: "rampart-dev-delivery",
      s3BucketName: "rampart-dev-archive",
      s3KeyPrefix: "config",
      s3KmsKeyArn: SIEM_KEY,
      snapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" },
    });
    const status = run.named("siem-config-recorder-status");
    assert.deepEqual(input(status), { name: "rampart-dev-recorder", isEnabled: true });
    assert.ok(status.dependencies.includes(channel.urn), "recording starts after the channel exists");

    const role = run.named("siem-config-role");
    assert.deepEqual(json(role.inputs.assumeRolePolicy).Statement, [
      {
        Sid: "ConfigAssumes",
        Effect: "Allow",
        Principal: { Service: "config.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      },
    ]);
    assert.equal(
      input(run.named("siem-config-role-managed")).policyArn,
      "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole",
    );
    const delivery = json(run.named("siem-config-role-delivery").inputs.policy);
    assert.equal(
      delivery.Statement[0].Resource,
      "arn:aws:s3:::rampart-dev-archive/config/AWSLogs/123456789012/*",
    );
  });

  test("findings log group: siem key, retention, data class; EventBridge admitted to that group only", () => {
    const group = input(run.named("siem-findings-logs"));
    assert.equal(group.name, "/rampart/dev/findings");
    assert.equal(group.kmsKeyId, SIEM_KEY);
    assert.equal(group.retentionInDays, 365);
    assert.equal(group.tags["rampart:data-class"], "findings");
    assert.equal(group.tags.team, "security");
    const policy = json(run.named("siem-findings-logs-policy").inputs.policyDocument);
    assert.deepEqual(policy.Statement, [
      {
        Sid: "EventBridgeWritesFindings",
        Effect: "Allow",
        Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: "arn:aws:logs:us-east-1:123456789012:log-group:/rampart/dev/findings:*",
      },
    ]);
  });

  test("rules: alerts to the topic with a readable message, everything to the findings group", () => {
    const target = (role: string) => input(run.named(`siem-${role}-target`));
    const pattern = (role: string) => JSON.parse(input(run.named(`siem-${role}`)).eventPattern as string);
    for (const role of ["guardduty-alerts", "session-alerts", "securityhub-alerts"]) {
      assert.equal(target(role).arn, TOPIC, role);
      assert.equal(target(role).rule, `rampart-dev-${role}`, role);
      assert.match(
        target(role).inputTransformer.inputTemplate,
        /^".*Runbook: docs\/runbooks\/finding-.*\.md"$/,
      );
    }
    assert.equal(
      target("findings-to-logs").arn,
      "arn:aws:logs:us-east-1:123456789012:log-group:/rampart/dev/findings",
    );
    assert.equal(target("findings-to-logs").inputTransformer, undefined);
    assert.ok(
      run
        .named("siem-findings-to-logs-target")
        .dependencies.includes(run.named("siem-findings-logs-policy").urn),
    );
    // The registered patterns are the ones tested as data.
    const sample = (severity: number) => ({
      source: "aws.guardduty",
      "detail-type": "GuardDuty Finding",
      detail: { severity, type: "Backdoor:Runtime/C&CActivity.B" },
    });
    assert.equal(matchesPattern(pattern("guardduty-alerts"), sample(8)), true);
    assert.equal(matchesPattern(pattern("guardduty-alerts"), sample(4)), false);
    assert.equal(matchesPattern(pattern("findings-to-logs"), sample(4)), true);
  });
});

describe("createDetection (detectors off, bad input)", () => {
  test("GuardDuty, Security Hub and Config off: only the findings log group and its policy remain", async () => {
    const { run, out } = await build({
      ...INPUTS,
      detection: { guardDuty: false, securityHub: false, config: false },
    });
    const scope = run.one("rampart:test:DetectionScope", "siem");
    assert.deepEqual(
      run
        .descendantsOf(scope)
        .map((r) => r.name)
        .sort(),
      ["siem-findings-logs", "siem-findings-logs-policy"],
    );
    assert.deepEqual(out, {
      findingsLogGroupName: "/rampart/dev/findings",
      detectorId: undefined,
      configRecorderName: undefined,
      rules: [],
    });
  });

  test("a custom threshold reaches the GuardDuty rule", async () => {
    const { run } = await build({ ...INPUTS, detection: { alertMinSeverity: 8.5 } });
    const p = JSON.parse(input(run.named("siem-guardduty-alerts")).eventPattern as string);
    assert.deepEqual(p.detail, { severity: [{ numeric: [">=", 8.5] }] });
  });

  test("every problem is reported at once, before any child", async () => {
    await assert.rejects(
      build({
        ...INPUTS,
        logRetentionDays: 42,
        logGroupPrefix: "rampart",
        detection: { alertMinSeverity: 11 },
      }),
      (e: Error) => {
        assert.match(e.message, /SiemPipeline siem: invalid arguments \(3 problems\)/);
        assert.match(e.message, /detection\.alertMinSeverity: 11 is not a GuardDuty severity/);
        assert.match(e.message, /logRetentionDays: 42 is not a CloudWatch Logs retention period/);
        assert.match(e.message, /logGroupPrefix: "rampart" is not a log group prefix/);
        return true;
      },
    );
  });
});
