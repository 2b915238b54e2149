import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { createAlerts } from "../../../components/observability/siemPipeline.alarms";
import { CIS_ALARMS } from "../../../components/observability/siemPipeline.cis";
import { type Captured, json, plain, runComponent } from "../../helpers/harness";
import { TestScope } from "./scope";

const ACCOUNT = "123456789012";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/siem`;

describe("createAlerts under mocks", () => {
  let run: Captured;
  before(async () => {
    run = await runComponent(() =>
      createAlerts(new TestScope("siem"), "siem", {
        namePrefix: "rampart-prod",
        siemKeyArn: KEY,
        trailLogGroupName: "/rampart/prod/cloudtrail",
        alertEmails: ["secops@example.com", "oncall@example.com"],
        tags: { team: "sec" },
      }),
    );
  });

  test("the topic is encrypted with the siem key, named under namePrefix", () => {
    const topic = run.one("aws:sns/topic:Topic", "siem-alerts");
    assert.equal(plain(topic.inputs.name), "rampart-prod-security-alerts");
    assert.equal(plain(topic.inputs.kmsMasterKeyId), KEY);
  });

  test("its policy admits our alarms and rules and refuses plaintext", () => {
    const policy = run.one("aws:sns/topicPolicy:TopicPolicy");
    const topicArn = run.one("aws:sns/topic:Topic").outputs.arn;
    assert.equal(plain(policy.inputs.arn), topicArn);
    const doc = json(policy.inputs.policy);
    assert.deepEqual(
      doc.Statement.map((s: any) => [s.Sid, s.Effect, s.Resource]),
      [
        ["CloudWatchAlarmsPublish", "Allow", topicArn],
        ["EventBridgeRulesPublish", "Allow", topicArn],
        ["DenyInsecureTransport", "Deny", topicArn],
      ],
    );
    for (const s of doc.Statement.filter((x: any) => x.Effect === "Allow"))
      assert.equal(s.Condition.StringEquals["aws:SourceAccount"], ACCOUNT, s.Sid);
  });

  test("one e-mail subscription per address", () => {
    assert.deepEqual(
      run
        .ofType("aws:sns/topicSubscription:TopicSubscription")
        .map((s) => [s.name, plain(s.inputs.protocol), plain(s.inputs.endpoint)]),
      [
        ["siem-alerts-email-0", "email", "secops@example.com"],
        ["siem-alerts-email-1", "email", "oncall@example.com"],
      ],
    );
  });

  test("one metric filter on the trail's log group and one alarm to the topic per CIS row", () => {
    const filters = run.ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter");
    const alarms = run.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
    assert.equal(filters.length, CIS_ALARMS.length);
    assert.equal(alarms.length, CIS_ALARMS.length);
    const topicArn = run.one("aws:sns/topic:Topic").outputs.arn;
    for (const row of CIS_ALARMS) {
      const f = plain<Record<string, any>>(run.named(`siem-cis-${row.id}`).inputs);
      assert.equal(f.logGroupName, "/rampart/prod/cloudtrail");
      assert.equal(f.pattern, row.pattern);
      assert.deepEqual(f.metricTransformation, {
        name: `cis-${row.id}`,
        namespace: "Rampart/rampart-prod/CIS",
        value: "1",
      });
      const alarm = run.named(`siem-cis-${row.id}-alarm`);
      const a = plain<Record<string, any>>(alarm.inputs);
      assert.deepEqual(
        [a.namespace, a.metricName, a.statistic, a.period, a.evaluationPeriods, a.threshold],
        ["Rampart/rampart-prod/CIS", `cis-${row.id}`, "Sum", 300, 1, 1],
      );
      assert.equal(a.comparisonOperator, "GreaterThanOrEqualToThreshold");
      assert.equal(a.treatMissingData, "notBreaching");
      assert.equal(a.actionsEnabled, true);
      assert.deepEqual(a.alarmActions, [topicArn]);
      assert.ok(a.alarmDescription.includes(row.runbook), row.id);
      assert.ok(alarm.dependencies.includes(run.named(`siem-cis-${row.id}`).urn), row.id);
    }
  });
});

describe("createAlerts without addresses", () => {
  test("no subscription", async () => {
    const run = await runComponent(() =>
      createAlerts(new TestScope("s"), "s", {
        namePrefix: "rampart-dev",
        siemKeyArn: KEY,
        trailLogGroupName: "/rampart/dev/cloudtrail",
      }),
    );
    assert.deepEqual(run.ofType("aws:sns/topicSubscription:TopicSubscription"), []);
  });
});
