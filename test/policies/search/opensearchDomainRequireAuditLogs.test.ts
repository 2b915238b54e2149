import assert from "node:assert/strict";
import { test } from "node:test";
import { opensearchDomainRequireAuditLogs as policy } from "../../../policy-pack/policies/search/opensearchDomainRequireAuditLogs";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { DOMAIN, ES_DOMAIN, siemDomain } from "./searchFixtures";

const MSG =
  'OpenSearch domain does not publish audit logs: add logPublishingOptions { logType: "AUDIT_LOGS", cloudwatchLogGroupArn, enabled: true }.';
const GROUP = "arn:aws:logs:eu-west-1:111122223333:log-group:/rampart/prod/search-audit";
const withLogs = (entries: unknown) => ({ ...siemDomain(), logPublishingOptions: entries });

test("an AUDIT_LOGS entry to a log group passes (enabled defaults to true)", async () => {
  assert.deepEqual(await violations(policy, DOMAIN, siemDomain()), []);
  assert.deepEqual(
    await violations(policy, DOMAIN, withLogs([{ logType: "AUDIT_LOGS", cloudwatchLogGroupArn: GROUP }])),
    [],
  );
});

test("no audit entry, a disabled one, or only other log types is flagged", async () => {
  const { logPublishingOptions: _, ...none } = siemDomain();
  assert.deepEqual(await violations(policy, DOMAIN, none), [MSG]);
  assert.deepEqual(
    await violations(
      policy,
      DOMAIN,
      withLogs([{ logType: "AUDIT_LOGS", cloudwatchLogGroupArn: GROUP, enabled: false }]),
    ),
    [MSG],
  );
  assert.deepEqual(
    await violations(
      policy,
      DOMAIN,
      withLogs([{ logType: "SEARCH_SLOW_LOGS", cloudwatchLogGroupArn: GROUP }]),
    ),
    [MSG],
  );
});

test('an audit entry with cloudwatchLogGroupArn "" publishes nowhere: flagged', async () => {
  assert.deepEqual(
    await violations(policy, DOMAIN, withLogs([{ logType: "AUDIT_LOGS", cloudwatchLogGroupArn: "" }])),
    [MSG],
  );
});

test("an unknown log group ARN is the SDK's advisory note during preview, not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: DOMAIN,
      props: withLogs([{ logType: "AUDIT_LOGS", cloudwatchLogGroupArn: UNKNOWN.string }]),
    }),
    {
      violations: [],
      unknownRead:
        "string value at .logPublishingOptions.0.cloudwatchLogGroupArn can't be known during preview",
    },
  );
});

test("a legacy Elasticsearch domain is judged the same way", async () => {
  assert.deepEqual(await violations(policy, ES_DOMAIN, withLogs([])), [MSG]);
  assert.deepEqual(
    await violations(policy, ES_DOMAIN, withLogs([{ logType: "AUDIT_LOGS", cloudwatchLogGroupArn: GROUP }])),
    [],
  );
});
