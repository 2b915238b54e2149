import assert from "node:assert/strict";
import { test } from "node:test";
import { wafv2WebAclRequireManagedRules as policy } from "../../../policy-pack/policies/waf/wafv2WebAclRequireManagedRules";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { ACL, compliantRules, managed, rate } from "./wafFixtures";

const CONFIG = {
  requiredRuleGroups: ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"],
};

test("a web ACL with both managed groups passes, in rules and in ruleJson", async () => {
  assert.deepEqual(await violations(policy, ACL, { scope: "REGIONAL", rules: compliantRules() }, CONFIG), []);
  const ruleJson = JSON.stringify(
    CONFIG.requiredRuleGroups.map((Name, Priority) => ({
      Name,
      Priority,
      OverrideAction: { None: {} },
      Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name } },
    })),
  );
  assert.deepEqual(await violations(policy, ACL, { ruleJson }, CONFIG), []);
});

test("missing groups are named; a group of another vendor does not count", async () => {
  assert.deepEqual(await violations(policy, ACL, { rules: [rate("per-ip", 0)] }, CONFIG), [
    'Web ACL "subject" lacks the AWS managed rule groups AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet: add a rule with managedRuleGroupStatement { vendorName: "AWS", name } for each.',
  ]);
  const other = managed("AWSManagedRulesKnownBadInputsRuleSet", 1);
  other.statement.managedRuleGroupStatement.vendorName = "F5";
  assert.deepEqual(
    await violations(policy, ACL, { rules: [managed("AWSManagedRulesCommonRuleSet", 0), other] }, CONFIG),
    [
      'Web ACL "subject" lacks the AWS managed rule group AWSManagedRulesKnownBadInputsRuleSet: add a rule with managedRuleGroupStatement { vendorName: "AWS", name } for each.',
    ],
  );
  assert.equal((await violations(policy, ACL, { ruleJson: "{not json" }, CONFIG)).length, 1);
});

test("an unknown rule list is the SDK's advisory note during preview", async () => {
  const out = await validate(policy, { type: ACL, props: { rules: UNKNOWN.array } }, CONFIG);
  assert.deepEqual(out.violations, []);
  assert.match(out.unknownRead ?? "", /rules/);
});

test('an empty group name ("") does not count as a required group', async () => {
  const blank = managed("", 0);
  assert.equal((await violations(policy, ACL, { rules: [blank] }, CONFIG)).length, 1);
});
