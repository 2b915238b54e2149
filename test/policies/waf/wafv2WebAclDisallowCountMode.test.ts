import assert from "node:assert/strict";
import { test } from "node:test";
import { wafv2WebAclDisallowCountMode as policy } from "../../../policy-pack/policies/waf/wafv2WebAclDisallowCountMode";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import {
  ACL,
  CLASSIC_ACL,
  classicRule,
  compliantRules,
  GROUP_ASSOC,
  managed,
  rate,
  REGIONAL_ACL,
  RULE,
} from "./wafFixtures";

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

test("WAF Classic ACLs (global and regional): a COUNT rule or a group overridden to COUNT is flagged", async () => {
  for (const type of [CLASSIC_ACL, REGIONAL_ACL]) {
    assert.deepEqual(await violations(policy, type, { rules: [classicRule("sqli")] }), [], type);
    assert.deepEqual(await violations(policy, type, { rules: [classicRule("sqli", "COUNT")] }), [
      'Web ACL "subject" rule "sqli" only counts: set action.type "BLOCK".',
    ]);
    assert.deepEqual(
      await violations(policy, type, {
        rules: [{ ruleId: "grp", priority: 2, type: "GROUP", overrideAction: { type: "COUNT" } }],
      }),
      [
        'Web ACL "subject" rule "grp" overrides its rule group to COUNT: set overrideAction none so the group blocks.',
      ],
    );
  }
});

test('a WAF Classic rule with an empty ruleId ("") is named by its position; allowedRules exempts by ruleId', async () => {
  assert.deepEqual(await violations(policy, REGIONAL_ACL, { rules: [classicRule("", "COUNT")] }), [
    'Web ACL "subject" rule "#1" only counts: set action.type "BLOCK".',
  ]);
  assert.deepEqual(
    await violations(
      policy,
      REGIONAL_ACL,
      { rules: [classicRule("trial", "COUNT")] },
      { allowedRules: ["trial"] },
    ),
    [],
  );
});

test("an unknown WAF Classic action is the SDK's advisory note during preview", async () => {
  const out = await validate(policy, {
    type: CLASSIC_ACL,
    props: { rules: [{ ruleId: "r", action: UNKNOWN.object }] },
  });
  assert.deepEqual(out.violations, []);
  assert.match(out.unknownRead ?? "", /action/);
});
