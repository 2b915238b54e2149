import assert from "node:assert/strict";
import { test } from "node:test";
import { cloudwatchLogGroupRequireDataProtection as policy } from "../../../policy-pack/policies/privacy/cloudwatchLogGroupRequireDataProtection";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const GROUP = "aws:cloudwatch/logGroup:LogGroup";
const DPP = "aws:cloudwatch/logDataProtectionPolicy:LogDataProtectionPolicy";
const ACCOUNT = "aws:cloudwatch/logAccountPolicy:LogAccountPolicy";
const DOC = JSON.stringify({
  Name: "pii",
  Version: "2021-06-01",
  Statement: [
    {
      Sid: "audit",
      DataIdentifier: ["arn:aws:dataprotection::aws:data-identifier/EmailAddress"],
      Operation: { Audit: { FindingsDestination: {} } },
    },
    {
      Sid: "redact",
      DataIdentifier: ["arn:aws:dataprotection::aws:data-identifier/EmailAddress"],
      Operation: { Deidentify: { MaskConfig: {} } },
    },
  ],
});
const transcripts = (props: Record<string, any> = {}) =>
  res(GROUP, "transcripts", {
    name: "/rampart/prod/transcripts",
    tags: { "rampart:data-class": "transcripts" },
    ...props,
  });
const msg = (name: string, cls: string) =>
  `Log group "${name}" carries ${cls} and has no data protection policy: add a LogDataProtectionPolicy for it (Audit and Deidentify statements over the PII and credential identifiers).`;

test("a transcript log group named by a LogDataProtectionPolicy passes (by name or by dependency)", async () => {
  assert.deepEqual(
    await validateStack(policy, [
      transcripts(),
      res(DPP, "dpp", { logGroupName: "/rampart/prod/transcripts", policyDocument: DOC }),
    ]),
    [],
  );
  const g = transcripts();
  assert.deepEqual(
    await validateStack(policy, [g, res(DPP, "dpp", { logGroupName: "x", policyDocument: DOC }, [g])]),
    [],
  );
});

test("an account-wide DATA_PROTECTION_POLICY covers every log group", async () => {
  const acct = res(ACCOUNT, "acct", {
    policyName: "pii",
    policyType: "DATA_PROTECTION_POLICY",
    policyDocument: DOC,
    scope: "ALL",
  });
  assert.deepEqual(await validateStack(policy, [transcripts(), acct]), []);
  const other = res(ACCOUNT, "sub", {
    policyName: "s",
    policyType: "SUBSCRIPTION_FILTER_POLICY",
    policyDocument: "{}",
  });
  assert.equal((await validateStack(policy, [transcripts(), other])).length, 1);
});

test("transcript and application-log groups without one are flagged; a policy for another group does not count", async () => {
  const t = transcripts();
  const app = res(GROUP, "app", {
    name: "/rampart/prod/app",
    tags: { "rampart:data-class": "application-logs" },
  });
  assert.deepEqual(
    await validateStack(policy, [
      t,
      app,
      res(DPP, "dpp", { logGroupName: "/rampart/prod/other", policyDocument: DOC }),
    ]),
    [
      { urn: t.urn, message: msg("transcripts", "transcripts") },
      { urn: app.urn, message: msg("app", "application-logs") },
    ],
  );
});

test('groups of other classes, untagged or tagged "" are not judged', async () => {
  assert.deepEqual(
    await validateStack(policy, [
      res(GROUP, "audit", { name: "/rampart/prod/trail", tags: { "rampart:data-class": "audit-logs" } }),
      res(GROUP, "plain", { name: "/rampart/prod/x" }),
      res(GROUP, "empty", { name: "/rampart/prod/y", tags: { "rampart:data-class": "" } }),
    ]),
    [],
  );
});

test("unknown values during preview (the policy's log group, the tags, an account policy type) are not judged", async () => {
  assert.deepEqual(
    await validateStack(policy, [
      transcripts(),
      res(DPP, "dpp", { logGroupName: UNKNOWN.string, policyDocument: DOC }),
    ]),
    [],
  );
  assert.deepEqual(await validateStack(policy, [transcripts({ tags: UNKNOWN.object })]), []);
  assert.deepEqual(
    await validateStack(policy, [transcripts(), res(ACCOUNT, "acct", { policyType: UNKNOWN.string })]),
    [],
  );
});
