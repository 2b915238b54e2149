import assert from "node:assert/strict";
import { test } from "node:test";
import { lbLoadBalancerRequireWafRateLimit as policy } from "../../../policy-pack/policies/edge/lbLoadBalancerRequireWafRateLimit";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const LB = "aws:lb/loadBalancer:LoadBalancer";
const ACL = "aws:wafv2/webAcl:WebAcl";
const ASSOC = "aws:wafv2/webAclAssociation:WebAclAssociation";
const rateRule = {
  name: "rate",
  priority: 0,
  action: { block: {} },
  statement: { rateBasedStatement: { limit: 1000, aggregateKeyType: "IP" } },
};
const managedRule = {
  name: "common",
  priority: 1,
  statement: { managedRuleGroupStatement: { name: "AWSManagedRulesCommonRuleSet", vendorName: "AWS" } },
};
const lb = () =>
  res(LB, "public", { arn: "arn:lb/public", internal: false, loadBalancerType: "application" });

test("a public ALB associated with a web ACL that has a rate-based rule passes", async () => {
  const l = lb();
  const acl = res(ACL, "acl", { arn: "arn:acl", scope: "REGIONAL", rules: [managedRule, rateRule] });
  assert.deepEqual(
    await validateStack(policy, [
      l,
      acl,
      res(ASSOC, "assoc", { resourceArn: "arn:lb/public", webAclArn: "arn:acl" }, [l, acl]),
    ]),
    [],
  );
});

test("a rate-based rule written in ruleJson counts", async () => {
  const l = lb();
  const acl = res(ACL, "acl", {
    scope: "REGIONAL",
    ruleJson: JSON.stringify([
      { Name: "rate", Statement: { RateBasedStatement: { Limit: 1000, AggregateKeyType: "IP" } } },
    ]),
  });
  assert.deepEqual(
    await validateStack(policy, [
      l,
      acl,
      res(ASSOC, "assoc", { resourceArn: "x", webAclArn: "y" }, [l, acl]),
    ]),
    [],
  );
});

test("a public ALB without any web ACL is flagged", async () => {
  const l = lb();
  assert.deepEqual(await validateStack(policy, [l]), [
    {
      urn: l.urn,
      message:
        'Internet-facing load balancer "public" has no WAF web ACL: associate one with a rate-based rule (aws.wafv2.WebAclAssociation).',
    },
  ]);
});

test("a web ACL without a rate-based rule is flagged", async () => {
  const l = lb();
  const acl = res(ACL, "acl", { arn: "arn:acl", rules: [managedRule] });
  assert.deepEqual(
    await validateStack(policy, [
      l,
      acl,
      res(ASSOC, "assoc", { resourceArn: "arn:lb/public", webAclArn: "arn:acl" }),
    ]),
    [
      {
        urn: l.urn,
        message:
          'The WAF web ACL of load balancer "public" has no rate-based rule: add a rule with a rateBasedStatement.',
      },
    ],
  );
});

test("internal ALBs and NLBs are not judged; an unknown association target says nothing", async () => {
  assert.deepEqual(await validateStack(policy, [res(LB, "private", { internal: true })]), []);
  assert.deepEqual(await validateStack(policy, [res(LB, "nlb", { loadBalancerType: "network" })]), []);
  assert.deepEqual(
    await validateStack(policy, [
      lb(),
      res(ASSOC, "assoc", { resourceArn: UNKNOWN.string, webAclArn: "arn:acl" }),
    ]),
    [],
  );
});

test('an association whose resourceArn is "" protects no load balancer: flagged', async () => {
  const acl = res(ACL, "acl", { arn: "arn:acl", scope: "REGIONAL", rules: [rateRule] });
  assert.deepEqual(
    await validateStack(policy, [lb(), acl, res(ASSOC, "assoc", { resourceArn: "", webAclArn: "arn:acl" })]),
    [
      {
        message:
          'Internet-facing load balancer "public" has no WAF web ACL: associate one with a rate-based rule (aws.wafv2.WebAclAssociation).',
        urn: `urn:pulumi:test::rampart::${LB}::public`,
      },
    ],
  );
});

test("a rate-based rule written as a separate aws.wafv2.WebAclRule naming the ACL counts", async () => {
  const l = lb();
  const acl = res(ACL, "acl", { arn: "arn:acl", rules: [managedRule] });
  const assoc = res(ASSOC, "assoc", { resourceArn: "arn:lb/public", webAclArn: "arn:acl" });
  const rule = (webAclArn: string) =>
    res("aws:wafv2/webAclRule:WebAclRule", "rate", { webAclArn, ...rateRule });
  assert.deepEqual(await validateStack(policy, [l, acl, assoc, rule("arn:acl")]), []);
  assert.equal((await validateStack(policy, [l, acl, assoc, rule("arn:other")])).length, 1);
});

const REGIONAL_ACL = "aws:wafregional/webAcl:WebAcl";
const REGIONAL_ASSOC = "aws:wafregional/webAclAssociation:WebAclAssociation";

test("a WAF Classic regional ACL (wafregional association by webAclId) with a RATE_BASED rule passes", async () => {
  const l = lb();
  const acl = res(REGIONAL_ACL, "classic", {
    id: "acl-1",
    defaultAction: { type: "ALLOW" },
    rules: [{ action: { type: "BLOCK" }, priority: 1, ruleId: "rate-1", type: "RATE_BASED" }],
  });
  assert.deepEqual(
    await validateStack(policy, [
      l,
      acl,
      res(REGIONAL_ASSOC, "assoc", { resourceArn: "arn:lb/public", webAclId: "acl-1" }),
    ]),
    [],
  );
});

test("a WAF Classic regional ACL without a RATE_BASED rule is flagged", async () => {
  const l = lb();
  const acl = res(REGIONAL_ACL, "classic", {
    id: "acl-1",
    rules: [{ action: { type: "BLOCK" }, priority: 1, ruleId: "sqli", type: "REGULAR" }],
  });
  assert.deepEqual(
    await validateStack(policy, [
      l,
      acl,
      res(REGIONAL_ASSOC, "assoc", { resourceArn: "arn:lb/public", webAclId: "acl-1" }),
    ]),
    [
      {
        urn: l.urn,
        message:
          'The WAF web ACL of load balancer "public" has no rate-based rule: add a rule with a rateBasedStatement.',
      },
    ],
  );
});

test("the older load balancer aliases are judged", async () => {
  for (const type of [
    "aws:applicationloadbalancing/loadBalancer:LoadBalancer",
    "aws:elasticloadbalancingv2/loadBalancer:LoadBalancer",
  ]) {
    const l = res(type, "public", { arn: "arn:lb/public", loadBalancerType: "application" });
    assert.equal((await validateStack(policy, [l])).length, 1, type);
  }
});

test('an empty ruleId ("") in a Classic regional ACL is no rate-based rule', async () => {
  const l = lb();
  const acl = res(REGIONAL_ACL, "classic", { id: "acl-1", rules: [{ ruleId: "", type: "" }] });
  assert.equal(
    (
      await validateStack(policy, [
        l,
        acl,
        res(REGIONAL_ASSOC, "assoc", { resourceArn: "arn:lb/public", webAclId: "acl-1" }),
      ])
    ).length,
    1,
  );
});
