import assert from "node:assert/strict";
import { test } from "node:test";
import { wafv2WebAclRequireLogging as policy } from "../../../policy-pack/policies/waf/wafv2WebAclRequireLogging";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";
import { ACL, CLASSIC_ACL, LOGGING, REGIONAL_ACL, compliantRules } from "./wafFixtures";

const acl = () => res(ACL, "edge", { arn: "arn:acl", scope: "REGIONAL", rules: compliantRules() });
const dest = ["arn:aws:logs:eu-west-1:1:log-group:aws-waf-logs-edge"];

test("an ACL with a logging configuration and a destination passes (by ARN or dependency)", async () => {
  const a = acl();
  assert.deepEqual(
    await validateStack(policy, [
      a,
      res(LOGGING, "log", { resourceArn: "arn:acl", logDestinationConfigs: dest }),
    ]),
    [],
  );
  assert.deepEqual(
    await validateStack(policy, [
      a,
      res(LOGGING, "log", { resourceArn: "x", logDestinationConfigs: dest }, [a]),
    ]),
    [],
  );
});

test("an ACL without logging, or whose logging has no destination, is flagged", async () => {
  const a = acl();
  assert.deepEqual(await validateStack(policy, [a]), [
    {
      urn: a.urn,
      message:
        'Web ACL "edge" has no logging: add an aws.wafv2.WebAclLoggingConfiguration with its ARN as resourceArn.',
    },
  ]);
  assert.deepEqual(
    await validateStack(policy, [
      a,
      res(LOGGING, "log", { resourceArn: "arn:acl", logDestinationConfigs: [] }),
    ]),
    [
      {
        urn: a.urn,
        message: 'Web ACL "edge" has a logging configuration with no destination: set logDestinationConfigs.',
      },
    ],
  );
});

test("a logging configuration whose ACL or destination is unknown says nothing", async () => {
  assert.deepEqual(
    await validateStack(policy, [
      acl(),
      res(LOGGING, "log", { resourceArn: UNKNOWN.string, logDestinationConfigs: dest }),
    ]),
    [],
  );
  assert.deepEqual(
    await validateStack(policy, [
      acl(),
      res(LOGGING, "log", { resourceArn: "arn:acl", logDestinationConfigs: UNKNOWN.array }),
    ]),
    [],
  );
});

test('a logging configuration whose resourceArn is "" logs no ACL: flagged', async () => {
  assert.equal(
    (
      await validateStack(policy, [
        acl(),
        res(LOGGING, "log", { resourceArn: "", logDestinationConfigs: dest }),
      ])
    ).length,
    1,
  );
});

test("WAF Classic ACLs log through loggingConfiguration.logDestination (global and regional)", async () => {
  for (const type of [CLASSIC_ACL, REGIONAL_ACL]) {
    const ok = res(type, "classic", {
      loggingConfiguration: { logDestination: "arn:aws:firehose:x:1:deliverystream/aws-waf-logs-e" },
    });
    assert.deepEqual(await validateStack(policy, [ok]), [], type);
    const none = res(type, "classic", { defaultAction: { type: "ALLOW" } });
    assert.deepEqual(await validateStack(policy, [none]), [
      {
        urn: none.urn,
        message:
          'WAF Classic web ACL "classic" has no logging: set loggingConfiguration.logDestination to an aws-waf-logs-* Firehose stream.',
      },
    ]);
  }
});

test('a WAF Classic logging configuration with an empty destination ("") is flagged; an unknown one is not judged', async () => {
  const empty = res(REGIONAL_ACL, "classic", { loggingConfiguration: { logDestination: "" } });
  assert.deepEqual(await validateStack(policy, [empty]), [
    {
      urn: empty.urn,
      message:
        'WAF Classic web ACL "classic" has a logging configuration with no destination: set loggingConfiguration.logDestination.',
    },
  ]);
  assert.deepEqual(
    await validateStack(policy, [
      res(CLASSIC_ACL, "c", { loggingConfiguration: { logDestination: UNKNOWN.string } }),
    ]),
    [],
  );
});
