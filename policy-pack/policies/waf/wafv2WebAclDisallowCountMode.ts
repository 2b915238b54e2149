import { resourcePolicy } from "../../lib/policy";
import {
  ruleOfResource,
  WEB_ACL,
  WEB_ACL_RULE,
  WEB_ACL_RULE_GROUP_ASSOCIATION,
  wafRules,
} from "../../lib/waf";
import { knownStrings } from "../../lib/values";

/**
 * COUNT only records a match and lets the request through: a rule with `action: { count: {} }`, or a rule
 * group with `overrideAction: { count: {} }` (every rule of the group counts). Overriding single rules of a
 * managed group (`ruleActionOverrides`, e.g. the core set's 8 KB body-size rule that LLM prompts exceed)
 * is tuning, not switching the group off, and is not flagged. Reviewed exceptions go in allowedRules.
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-action.html
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-rule-group-override-options.html
 */
export const wafv2WebAclDisallowCountMode = resourcePolicy({
  name: "aws-wafv2-webacl-disallow-count-mode",
  description:
    "WAFv2 web ACL rules must not be left in COUNT mode (action count, or overrideAction count on a rule " +
    "group), inline (rules, ruleJson) or as separate WebAclRule and WebAclRuleGroupAssociation resources: a counting rule only logs, so the managed protections and rate limits " +
    "the ACL appears to enforce let every request through. Exceptions are named in allowedRules.",
  types: [WEB_ACL, WEB_ACL_RULE, WEB_ACL_RULE_GROUP_ASSOCIATION],
  configSchema: {
    properties: {
      allowedRules: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Rule names reviewed to stay in COUNT mode (e.g. while a new rule is being evaluated).",
      },
    },
  },
  check: (props, { type, name, config }) => {
    const allowed = new Set(knownStrings(config.allowedRules));
    const separate = ruleOfResource(type, props);
    const rules = type === WEB_ACL ? wafRules(props) : separate ? [separate] : [];
    const where = type === WEB_ACL ? `Web ACL "${name}" rule` : "Web ACL rule";
    return rules
      .filter((r) => !allowed.has(r.name) && (r.action === "count" || r.overrideAction === "count"))
      .map((r) =>
        r.overrideAction === "count"
          ? `${where} "${r.name}" overrides its rule group to COUNT: set overrideAction none so the group blocks.`
          : `${where} "${r.name}" only counts: set action: { block: {} }.`,
      );
  },
});
