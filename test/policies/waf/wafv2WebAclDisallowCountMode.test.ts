import assert from "node:assert/strict";
import { test } from "node:test";
import { wafv2WebAclDisallowCountMode as policy } from "../../../policy-pack/policies/waf/wafv2WebAclDisallowCountMode";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { ACL, compliantRules, GROUP_ASSOC, managed, rate, RULE } from "./wafFixtures";

test("blocking rules and groups with overrideAction none pass; single-rule overrides are tuning", async () => {
  const tuned = managed("AWSManagedRulesCommonRuleSet", 0) as any;
  tuned.statement.managedRuleGroupStatement.ruleActionOverrides = [
    { name: "SizeRestrictions_BODY", actionToUse: { count: {} } },
  ];
  assert.deepEqual(
    await violations(policy, ACL, { rules: [...compliantRules(), tuned] }, { allowedRules: [] }),
    [],
  );
});

test("a counting rule and a group overridden to count are flagged, in rules and ruleJson", async () => {
  assert.deepEqual(
    await violations(policy, ACL, {
      rules: [managed("AWSManagedRulesCommonRuleSet", 0, { count: {} }), rate("per-ip", 1, { count: {} })],
    }),
    [
      'Web ACL "subject" rule "AWSManagedRulesCommonRuleSet" overrides its rule group to COUNT: set overrideAction none so the group blocks.',
      'Web ACL "subject" rule "per-ip" only counts: set action: { block: {} }.',
    ],
  );
  assert.deepEqual(
    await violations(policy, ACL, {
      ruleJson: JSON.stringify([
        { Name: "r", Action: { Count: {} }, Statement: { RateBasedStatement: { Limit: 100 } } },
      ]),
    }),
    ['Web ACL "subject" rule "r" only counts: set action: { block: {} }.'],
  );
});

test("reviewed exceptions in allowedRules are not flagged", async () => {
  assert.deepEqual(
    await violations(policy, ACL, { rules: [rate("trial", 0, { count: {} })] }, { allowedRules: ["trial"] }),
    [],
  );
});

test("an unknown action is the SDK's advisory note during preview", async () => {
  const out = await validate(policy, {
    type: ACL,
    props: { rules: [{ name: "r", action: UNKNOWN.object }] },
  });
  assert.deepEqual(out.violations, []);
  assert.match(out.unknownRead ?? "", /action/);
});

test('an empty rule name ("") is reported by position-free name; the count is still caught', async () => {
  assert.deepEqual(await violations(policy, ACL, { rules: [rate("", 0, { count: {} })] }), [
    'Web ACL "subject" rule "" only counts: set action: { block: {} }.',
  ]);
});

test("separate WebAclRule and WebAclRuleGroupAssociation resources are judged too", async () => {
  assert.deepEqual(
    await violations(policy, RULE, { webAclArn: "arn:acl", ...rate("per-key", 3, { count: {} }) }),
    ['Web ACL rule "per-key" only counts: set action: { block: {} }.'],
  );
  assert.deepEqual(
    await violations(policy, GROUP_ASSOC, {
      webAclArn: "arn:acl",
      ruleName: "common",
      overrideAction: "count",
      managedRuleGroup: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" },
    }),
    ['Web ACL rule "common" overrides its rule group to COUNT: set overrideAction none so the group blocks.'],
  );
  assert.deepEqual(
    await violations(policy, GROUP_ASSOC, {
      webAclArn: "arn:acl",
      ruleName: "common",
      overrideAction: "none",
    }),
    [],
  );
});
