import assert from "node:assert/strict";
import { test } from "node:test";
import { wafv2WebAclRequireManagedRules as policy } from "../../../policy-pack/policies/waf/wafv2WebAclRequireManagedRules";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";
import { ACL, compliantRules, GROUP_ASSOC, managed, rate, RULE } from "./wafFixtures";

const CONFIG = {
  requiredRuleGroups: ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"],
};
const lacks = (groups: string) =>
  `Web ACL "edge" lacks the AWS managed rule group${groups.includes(",") ? "s" : ""} ${groups}: add a rule with managedRuleGroupStatement { vendorName: "AWS", name } for each.`;
const acl = (props: Record<string, any>) => res(ACL, "edge", { arn: "arn:acl", scope: "REGIONAL", ...props });

test("both managed groups pass: inline rules, ruleJson, or separate rule resources naming the ACL", async () => {
  assert.deepEqual(await validateStack(policy, [acl({ rules: compliantRules() })], CONFIG), []);
  const ruleJson = JSON.stringify(
    CONFIG.requiredRuleGroups.map((Name, Priority) => ({
      Name,
      Priority,
      OverrideAction: { None: {} },
      Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name } },
    })),
  );
  assert.deepEqual(await validateStack(policy, [acl({ ruleJson })], CONFIG), []);
  const a = acl({ rules: [managed("AWSManagedRulesCommonRuleSet", 0)] });
  assert.deepEqual(
    await validateStack(
      policy,
      [
        a,
        res(GROUP_ASSOC, "bad-inputs", {
          webAclArn: "arn:acl",
          ruleName: "bad-inputs",
          priority: 1,
          overrideAction: "none",
          managedRuleGroup: { vendorName: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" },
        }),
      ],
      CONFIG,
    ),
    [],
  );
  assert.deepEqual(
    await validateStack(
      policy,
      [
        acl({}),
        res(RULE, "r1", { webAclArn: "arn:acl", ...managed("AWSManagedRulesCommonRuleSet", 0) }),
        res(RULE, "r2", { ...managed("AWSManagedRulesKnownBadInputsRuleSet", 1) }, [a]),
      ],
      CONFIG,
    ),
    [],
  );
});

test("missing groups are named; another vendor, another ACL's rules or unparseable ruleJson do not count", async () => {
  const a = acl({ rules: [rate("per-ip", 0)] });
  assert.deepEqual(await validateStack(policy, [a], CONFIG), [
    { urn: a.urn, message: lacks("AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet") },
  ]);
  const other = managed("AWSManagedRulesKnownBadInputsRuleSet", 1);
  other.statement.managedRuleGroupStatement.vendorName = "F5";
  const b = acl({ rules: [managed("AWSManagedRulesCommonRuleSet", 0), other] });
  assert.deepEqual(
    await validateStack(
      policy,
      [
        b,
        res(RULE, "elsewhere", {
          webAclArn: "arn:other",
          ...managed("AWSManagedRulesKnownBadInputsRuleSet", 1),
        }),
      ],
      CONFIG,
    ),
    [{ urn: b.urn, message: lacks("AWSManagedRulesKnownBadInputsRuleSet") }],
  );
  assert.equal((await validateStack(policy, [acl({ ruleJson: "{not json" })], CONFIG)).length, 1);
});

test("an ACL whose rules, or a separate rule's target, are unknown is not judged", async () => {
  assert.deepEqual(await validateStack(policy, [acl({ rules: UNKNOWN.array })], CONFIG), []);
  assert.deepEqual(
    await validateStack(policy, [acl({}), res(GROUP_ASSOC, "g", { webAclArn: UNKNOWN.string })], CONFIG),
    [],
  );
});

test('an empty group name ("") does not count as a required group', async () => {
  assert.equal((await validateStack(policy, [acl({ rules: [managed("", 0)] })], CONFIG)).length, 1);
});
