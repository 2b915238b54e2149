import assert from "node:assert/strict";
import { test } from "node:test";
import { cloudtrailTrailRequireCisAlarms as policy } from "../../../policy-pack/policies/logging/cloudtrailTrailRequireCisAlarms";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";
import {
  ALARM,
  CIS_PATTERNS,
  cisFiltersAndAlarms,
  cisTrail,
  FILTER,
  GROUP_ARN,
  GROUP_NAME,
  LOG_GROUP,
  TOPIC,
} from "./cisFixtures";

const noFilter = (id: string, what: string, tokens: string) =>
  `Trail "trail" has no metric filter for ${id} (${what}) on its log group: add a LogMetricFilter whose pattern names ${tokens}, and an alarm with an action.`;

test("the CIS benchmark's own fourteen filters, each with an alarm to the topic, pass", async () => {
  assert.deepEqual(await validateStack(policy, [cisTrail(), ...cisFiltersAndAlarms()]), []);
});

test("a user's own patterns pass when they name the events: one filter may cover several monitors", async () => {
  const { "CloudWatch.10": _sg, "CloudWatch.11": _nacl, ...rest } = CIS_PATTERNS;
  const network = {
    ...rest,
    // Different spacing, quoting and order, both monitors in one filter.
    "CloudWatch.10": `{ $.eventName = "DeleteSecurityGroup" || $.eventName = "CreateSecurityGroup" || $.eventName = "RevokeSecurityGroupEgress" || $.eventName = "RevokeSecurityGroupIngress" || $.eventName = "AuthorizeSecurityGroupEgress" || $.eventName = "AuthorizeSecurityGroupIngress" || $.eventName = "CreateNetworkAcl" || $.eventName = "CreateNetworkAclEntry" || $.eventName = "DeleteNetworkAcl" || $.eventName = "DeleteNetworkAclEntry" || $.eventName = "ReplaceNetworkAclEntry" || $.eventName = "ReplaceNetworkAclAssociation" }`,
  };
  assert.deepEqual(await validateStack(policy, [cisTrail(), ...cisFiltersAndAlarms(network)]), []);
});

test("a missing monitor is flagged with the events its filter must name", async () => {
  const { "CloudWatch.3": _, ...rest } = CIS_PATTERNS;
  const trail = cisTrail();
  assert.deepEqual(await validateStack(policy, [trail, ...cisFiltersAndAlarms(rest)]), [
    {
      urn: trail.urn,
      message: noFilter("CloudWatch.3", "console sign-in without MFA", "ConsoleLogin, MFAUsed"),
    },
  ]);
});

test("a pattern that leaves out one event does not cover the monitor (CreateRouteTable is not CreateRoute)", async () => {
  const trail = cisTrail();
  const patterns = {
    ...CIS_PATTERNS,
    "CloudWatch.13": CIS_PATTERNS["CloudWatch.13"]!.replace("($.eventName = CreateRoute) || ", ""),
  };
  const out = await validateStack(policy, [trail, ...cisFiltersAndAlarms(patterns)]);
  assert.deepEqual(
    out.map((v) => v.message),
    [
      noFilter(
        "CloudWatch.13",
        "route table changes",
        "CreateRoute, CreateRouteTable, ReplaceRoute, ReplaceRouteTableAssociation, DeleteRouteTable, DeleteRoute, DisassociateRouteTable",
      ),
    ],
  );
});

test("a filter whose alarm has no action, or actions disabled, is flagged", async () => {
  const trail = cisTrail();
  const resources = cisFiltersAndAlarms().map((r) =>
    r.name === "cis-cloudwatch-1-alarm" ? { ...r, props: { ...r.props, alarmActions: [] } } : r,
  );
  const msg =
    'Trail "trail": the metric filter for CloudWatch.1 (use of the root user) has no alarm with an action: add a MetricAlarm on its metric with alarmActions (the alert topic).';
  assert.deepEqual(await validateStack(policy, [trail, ...resources]), [{ urn: trail.urn, message: msg }]);
  const disabled = cisFiltersAndAlarms().map((r) =>
    r.name === "cis-cloudwatch-1-alarm" ? { ...r, props: { ...r.props, actionsEnabled: false } } : r,
  );
  assert.deepEqual(await validateStack(policy, [trail, ...disabled]), [{ urn: trail.urn, message: msg }]);
  const emptyAction = cisFiltersAndAlarms().map((r) =>
    r.name === "cis-cloudwatch-1-alarm" ? { ...r, props: { ...r.props, alarmActions: [""] } } : r,
  );
  assert.deepEqual(await validateStack(policy, [trail, ...emptyAction]), [{ urn: trail.urn, message: msg }]);
});

test("filters on another log group do not count; a filter referring to the trail's group resource does", async () => {
  const trail = cisTrail();
  const elsewhere = cisFiltersAndAlarms().map((r) =>
    r.type === FILTER ? { ...r, props: { ...r.props, logGroupName: "/rampart/prod/app" } } : r,
  );
  assert.equal((await validateStack(policy, [trail, ...elsewhere])).length, 14);
  const group = res(LOG_GROUP, "trail-group", { name: GROUP_NAME, arn: GROUP_ARN });
  const byDependency = cisFiltersAndAlarms().map((r) =>
    r.type === FILTER
      ? { ...r, props: { ...r.props, logGroupName: "trail-group-id" }, dependencyUrns: [group.urn] }
      : r,
  );
  assert.deepEqual(await validateStack(policy, [trail, group, ...byDependency]), []);
});

test('a trail not delivering to CloudWatch Logs (absent or "") is not judged here', async () => {
  assert.deepEqual(await validateStack(policy, [cisTrail({ cloudWatchLogsGroupArn: "" })]), []);
  assert.deepEqual(
    await validateStack(policy, [res("aws:cloudtrail/trail:Trail", "t", { s3BucketName: "a" })]),
    [],
  );
});

test("unknown values during preview: an unknown log group, pattern or alarm metric is not judged", async () => {
  assert.deepEqual(await validateStack(policy, [cisTrail({ cloudWatchLogsGroupArn: UNKNOWN.string })]), []);
  const unknownGroup = cisFiltersAndAlarms().map((r) =>
    r.name === "cis-cloudwatch-2-filter" ? { ...r, props: { ...r.props, logGroupName: UNKNOWN.string } } : r,
  );
  assert.deepEqual(await validateStack(policy, [cisTrail(), ...unknownGroup]), []);
  const unknownPattern = cisFiltersAndAlarms().map((r) =>
    r.name === "cis-cloudwatch-2-filter" ? { ...r, props: { ...r.props, pattern: UNKNOWN.string } } : r,
  );
  assert.deepEqual(await validateStack(policy, [cisTrail(), ...unknownPattern]), []);
  const unknownAction = cisFiltersAndAlarms().map((r) =>
    r.type === ALARM ? { ...r, props: { ...r.props, alarmActions: [UNKNOWN.string] } } : r,
  );
  assert.deepEqual(await validateStack(policy, [cisTrail(), ...unknownAction]), []);
  assert.ok(TOPIC.startsWith("arn:aws:sns:"));
});

test("the CIS 1.x sign-in pattern (mfaAuthenticated, invokedBy signin) also covers CloudWatch.3", async () => {
  const patterns = {
    ...CIS_PATTERNS,
    "CloudWatch.3":
      '{ $.userIdentity.sessionContext.attributes.mfaAuthenticated != "true" && $.userIdentity.invokedBy = "signin.amazonaws.com" }',
  };
  assert.deepEqual(await validateStack(policy, [cisTrail(), ...cisFiltersAndAlarms(patterns)]), []);
});

test("config monitors narrows the required set: a stack may waive a control by name", async () => {
  const { "CloudWatch.14": _, ...rest } = CIS_PATTERNS;
  const trail = cisTrail();
  assert.equal((await validateStack(policy, [trail, ...cisFiltersAndAlarms(rest)])).length, 1);
  const allButVpc = Object.keys(rest);
  assert.deepEqual(
    await validateStack(policy, [trail, ...cisFiltersAndAlarms(rest)], { monitors: allButVpc }),
    [],
  );
});

test("a metric-math alarm watching the filter's metric through metricQueries counts; one on another metric does not", async () => {
  const trail = cisTrail();
  const asMath = (metric: string, namespace = "Rampart/CIS") => ({
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    threshold: 1,
    evaluationPeriods: 1,
    alarmActions: [TOPIC],
    metricQueries: [
      { id: "m1", metric: { metricName: metric, namespace, period: 300, stat: "Sum" } },
      { id: "e1", expression: "m1", returnData: true },
    ],
  });
  const math = cisFiltersAndAlarms().map((r) =>
    r.name === "cis-cloudwatch-1-alarm" ? { ...r, props: asMath("cis-cloudwatch-1") } : r,
  );
  assert.deepEqual(await validateStack(policy, [trail, ...math]), []);
  const other = cisFiltersAndAlarms().map((r) =>
    r.name === "cis-cloudwatch-1-alarm" ? { ...r, props: asMath("cis-cloudwatch-1", "Other") } : r,
  );
  assert.deepEqual(await validateStack(policy, [trail, ...other]), [
    {
      urn: trail.urn,
      message:
        'Trail "trail": the metric filter for CloudWatch.1 (use of the root user) has no alarm with an action: add a MetricAlarm on its metric with alarmActions (the alert topic).',
    },
  ]);
  const unknown = cisFiltersAndAlarms().map((r) =>
    r.name === "cis-cloudwatch-1-alarm"
      ? {
          ...r,
          props: { ...asMath("x"), metricQueries: [{ id: "m1", metric: { metricName: UNKNOWN.string } }] },
        }
      : r,
  );
  assert.deepEqual(await validateStack(policy, [trail, ...unknown]), []);
});
