import { resourcePolicy } from "../../lib/policy";
import {
  CLASSIC_WEB_ACL,
  REGIONAL_WEB_ACL,
  ruleOfResource,
  WEB_ACL,
  WEB_ACL_RULE,
  WEB_ACL_RULE_GROUP_ASSOCIATION,
  wafRules,
  type WafRule,
} from "../../lib/waf";
import { asList, asObject, knownStrings, lower } from "../../lib/values";

/**
 * A WAF Classic ACL's rules (`rules[]`: `ruleId`, `type`, `action.type` ALLOW/BLOCK/COUNT, and for a
 * GROUP rule `overrideAction.type` NONE/COUNT), in the shape the WAFv2 reader gives.
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/wafregional/webacl/#webaclrule
 */
function classicRules(props: Record<string, any>): WafRule[] {
  if (!("rules" in props)) return [];
  return asList(props.rules).flatMap((r, i) => {
    const o = asObject(r);
    if (!o) return [];
    const id = typeof o.ruleId === "string" && o.ruleId !== "" ? o.ruleId : `#${i + 1}`;
    return [
      {
        name: id,
        action: lower(asObject(o.action)?.type),
        overrideAction: lower(asObject(o.overrideAction)?.type),
        rateBased: lower(o.type) === "rate_based",
      },
    ];
  });
}

/**
 * COUNT only records a match and lets the request through: a rule with `action: { count: {} }`, or a rule
 * group with `overrideAction: { count: {} }` (every rule of the group counts). Overriding single rules of a
 * managed group (`ruleActionOverrides`, e.g. the core set's 8 KB body-size rule that LLM prompts exceed)
 * is tuning, not switching the group off, and is not flagged. Reviewed exceptions go in allowedRules.
 * The same holds for WAF Classic ACLs (`aws:waf`, `aws:wafregional`: `action.type` or
 * `overrideAction.type` COUNT), named by their `ruleId`.
 * No catalog checks COUNT mode itself; the closest control is Security Hub WAF.10 (a web ACL must have at
 * least one rule or rule group): an ACL whose rules only count enforces none. Checkov CKV_AWS_342 asks
 * every rule for an action, of which COUNT is the one that does nothing.
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-action.html
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-rule-group-override-options.html
 */
export const wafv2WebAclDisallowCountMode = resourcePolicy({
  name: "aws-wafv2-webacl-disallow-count-mode",
  description:
    "WAFv2 web ACL rules must not be left in COUNT mode (action count, or overrideAction count on a rule " +
    "group), inline (rules, ruleJson) or as separate WebAclRule and WebAclRuleGroupAssociation resources: a counting rule only logs, so the managed protections and rate limits " +
    "the ACL appears to enforce let every request through. Exceptions are named in allowedRules.",
  catalog: ["FSBP WAF.10", "CKV_AWS_342"],
  remediation:
    "Set each rule's action to { block: {} } and each rule group's overrideAction to { none: {} } (or list a reviewed rule in allowedRules).",
  types: [WEB_ACL, WEB_ACL_RULE, WEB_ACL_RULE_GROUP_ASSOCIATION, CLASSIC_WEB_ACL, REGIONAL_WEB_ACL],
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
    const classic = type === CLASSIC_WEB_ACL || type === REGIONAL_WEB_ACL;
    const separate = classic ? undefined : ruleOfResource(type, props);
    const rules =
      type === WEB_ACL ? wafRules(props) : classic ? classicRules(props) : separate ? [separate] : [];
    const where = type === WEB_ACL || classic ? `Web ACL "${name}" rule` : "Web ACL rule";
    return rules
      .filter((r) => !allowed.has(r.name) && (r.action === "count" || r.overrideAction === "count"))
      .map((r) =>
        r.overrideAction === "count"
          ? `${where} "${r.name}" overrides its rule group to COUNT: set overrideAction none so the group blocks.`
          : classic
            ? `${where} "${r.name}" only counts: set action.type "BLOCK".`
            : `${where} "${r.name}" only counts: set action: { block: {} }.`,
      );
  },
});
