import assert from "node:assert/strict";
import { test } from "node:test";
import { wafv2WebAclRequireLogging as policy } from "../../../policy-pack/policies/waf/wafv2WebAclRequireLogging";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";
import { ACL, LOGGING, compliantRules } from "./wafFixtures";

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
