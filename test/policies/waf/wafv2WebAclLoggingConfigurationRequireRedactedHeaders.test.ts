import assert from "node:assert/strict";
import { test } from "node:test";
import { wafv2WebAclLoggingConfigurationRequireRedactedHeaders as policy } from "../../../policy-pack/policies/waf/wafv2WebAclLoggingConfigurationRequireRedactedHeaders";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { LOGGING } from "./wafFixtures";

const CONFIG = { requiredHeaders: ["authorization"] };
const props = (redactedFields?: unknown) => ({
  resourceArn: "arn:acl",
  logDestinationConfigs: ["arn:aws:logs:eu-west-1:1:log-group:aws-waf-logs-edge"],
  ...(redactedFields === undefined ? {} : { redactedFields }),
});
const missing = (h: string) =>
  `WAF logging configuration "subject" does not redact "${h}": add redactedFields: [{ singleHeader: { name: "${h}" } }] for each.`;

test("redacting the authorization header passes, whatever its case", async () => {
  assert.deepEqual(
    await violations(
      policy,
      LOGGING,
      props([{ singleHeader: { name: "Authorization" } }, { queryString: {} }]),
      CONFIG,
    ),
    [],
  );
});

test("no redactedFields, or other fields only, is flagged; extra required headers are checked too", async () => {
  assert.deepEqual(await violations(policy, LOGGING, props(), CONFIG), [missing("authorization")]);
  assert.deepEqual(await violations(policy, LOGGING, props([{ uriPath: {} }]), CONFIG), [
    missing("authorization"),
  ]);
  assert.deepEqual(
    await violations(policy, LOGGING, props([{ singleHeader: { name: "authorization" } }]), {
      requiredHeaders: ["authorization", "x-api-key"],
    }),
    [missing("x-api-key")],
  );
});

test("an unknown redactedFields list is the SDK's advisory note during preview", async () => {
  const out = await validate(policy, { type: LOGGING, props: props(UNKNOWN.array) }, CONFIG);
  assert.deepEqual(out.violations, []);
  assert.match(out.unknownRead ?? "", /redactedFields/);
});

test('a redacted header named "" redacts nothing: flagged', async () => {
  assert.deepEqual(await violations(policy, LOGGING, props([{ singleHeader: { name: "" } }]), CONFIG), [
    missing("authorization"),
  ]);
});
