/** WAFv2 rules shared by the web ACL policy tests, in the provider's (camelCase) shape. */
export const ACL = "aws:wafv2/webAcl:WebAcl";
export const ASSOC = "aws:wafv2/webAclAssociation:WebAclAssociation";
export const LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration";
const visibilityConfig = { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: "m" };
export const managed = (name: string, priority: number, overrideAction: object = { none: {} }) => ({
  name,
  priority,
  overrideAction,
  statement: { managedRuleGroupStatement: { vendorName: "AWS", name } },
  visibilityConfig,
});
export const rate = (name: string, priority: number, action: object = { block: {} }) => ({
  name,
  priority,
  action,
  statement: { rateBasedStatement: { limit: 1000, aggregateKeyType: "IP" } },
  visibilityConfig,
});
export const compliantRules = () => [
  managed("AWSManagedRulesCommonRuleSet", 0),
  managed("AWSManagedRulesKnownBadInputsRuleSet", 1),
  rate("per-ip", 2),
];
export const RULE = "aws:wafv2/webAclRule:WebAclRule";
export const GROUP_ASSOC = "aws:wafv2/webAclRuleGroupAssociation:WebAclRuleGroupAssociation";

/** WAF Classic web ACLs (global and regional) and the regional association. */
export const CLASSIC_ACL = "aws:waf/webAcl:WebAcl";
export const REGIONAL_ACL = "aws:wafregional/webAcl:WebAcl";
export const REGIONAL_ASSOC = "aws:wafregional/webAclAssociation:WebAclAssociation";
export const classicRule = (ruleId: string, action = "BLOCK", type = "REGULAR") => ({
  ruleId,
  priority: 1,
  type,
  action: { type: action },
});
