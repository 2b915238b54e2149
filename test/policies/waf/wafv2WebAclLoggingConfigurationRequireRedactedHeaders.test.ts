import assert from "node:assert/strict";
import { test } from "node:test";
import { wafv2WebAclLoggingConfigurationRequireRedactedHeaders as policy } from "../../../policy-pack/policies/waf/wafv2WebAclLoggingConfigurationRequireRedactedHeaders";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { CLASSIC_ACL, LOGGING, REGIONAL_ACL } from "./wafFixtures";

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

test("WAF Classic ACLs redact through loggingConfiguration.redactedFields.fieldToMatches (HEADER)", async () => {
  for (const type of [CLASSIC_ACL, REGIONAL_ACL]) {
    const logging = (fieldToMatches?: unknown) => ({
      loggingConfiguration: {
        logDestination: "arn:aws:firehose:x:1:deliverystream/aws-waf-logs-e",
        ...(fieldToMatches === undefined ? {} : { redactedFields: { fieldToMatches } }),
      },
    });
    assert.deepEqual(
      await violations(policy, type, logging([{ type: "HEADER", data: "Authorization" }]), CONFIG),
      [],
      type,
    );
    const msg =
      'WAF Classic web ACL "subject" logging does not redact "authorization": add loggingConfiguration.redactedFields.fieldToMatches: [{ type: "HEADER", data: "authorization" }] for each.';
    assert.deepEqual(await violations(policy, type, logging(), CONFIG), [msg]);
    assert.deepEqual(await violations(policy, type, logging([{ type: "QUERY_STRING" }]), CONFIG), [msg]);
    assert.deepEqual(await violations(policy, type, logging([{ type: "HEADER", data: "" }]), CONFIG), [msg]);
    // No logging at all is aws-wafv2-webacl-require-logging's finding, not this one's.
    assert.deepEqual(await violations(policy, type, {}, CONFIG), []);
  }
});

test("an unknown WAF Classic redacted header is the SDK's advisory note", async () => {
  const out = await validate(
    policy,
    {
      type: REGIONAL_ACL,
      props: {
        loggingConfiguration: {
          redactedFields: { fieldToMatches: [{ type: "HEADER", data: UNKNOWN.string }] },
        },
      },
    },
    CONFIG,
  );
  assert.match(out.unknownRead ?? "", /data/);
});
