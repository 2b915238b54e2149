import type { PolicyResource } from "@pulumi/policy";
import { stackPolicy, type StackViolation } from "../../lib/policy";
import { refersTo } from "../../lib/refs";
import { seen, UNSEEN } from "../../lib/unknown";
import { knownStrings } from "../../lib/values";
import {
  ruleOfResource,
  WEB_ACL,
  WEB_ACL_RULE,
  WEB_ACL_RULE_GROUP_ASSOCIATION,
  wafRules,
  type WafRule,
} from "../../lib/waf";

/** AWS managed rule group names among rules. */
const awsGroups = (rules: readonly WafRule[]) =>
  rules
    .filter((r) => r.managedGroup?.vendor === "AWS" && r.managedGroup.name !== undefined)
    .map((r) => r.managedGroup!.name!);

/** The AWS managed groups an ACL carries, inline and through separate resources; UNSEEN: cannot tell. */
function groupsOf(acl: PolicyResource, separate: readonly PolicyResource[]): Set<string> | typeof UNSEEN {
  const inline = seen(() => awsGroups(wafRules(acl.props)));
  if (inline === UNSEEN) return UNSEEN;
  const out = new Set(inline);
  for (const r of separate) {
    const attached = refersTo(r, "webAclArn", acl, ["arn", "id"]);
    if (attached === undefined) return UNSEEN;
    if (!attached) continue;
    const groups = seen(() => {
      const rule = ruleOfResource(r.type, r.props);
      return rule ? awsGroups([rule]) : [];
    });
    if (groups === UNSEEN) return UNSEEN;
    for (const g of groups) out.add(g);
  }
  return out;
}

/**
 * The AWS managed rule groups every public web ACL carries: the core rule set (OWASP Top 10 classes:
 * XSS, LFI, oversized headers...) and known bad inputs (Log4j/Java deserialisation, host-header probes).
 * They can be inline (`rules`, `ruleJson`) or separate resources naming the ACL (WebAclRule,
 * WebAclRuleGroupAssociation), hence a stack policy. An ACL whose rules cannot be seen is not judged.
 * Counting only a group does not protect: that is aws-wafv2-webacl-disallow-count-mode.
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html
 * Catalog: Checkov CKV_AWS_192 (the known-bad-inputs group, for Log4j, present and not counting) and
 * CKV_AWS_175 (the ACL has rules); Security Hub WAF.10 (at least one rule or rule group).
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/waf-controls.html (WAF.10: at least one rule or rule group)
 */
export const wafv2WebAclRequireManagedRules = stackPolicy({
  name: "aws-wafv2-webacl-require-managed-rules",
  description:
    "WAFv2 web ACLs must include the AWS managed rule groups in requiredRuleGroups (default " +
    "AWSManagedRulesCommonRuleSet and AWSManagedRulesKnownBadInputsRuleSet), inline or as separate rule " +
    "resources: without them the ACL only rate-limits, and common exploit payloads reach the gateway and " +
    "the model servers.",
  catalog: ["CKV_AWS_192", "CKV_AWS_175", "FSBP WAF.10"],
  remediation:
    'Add a rule with statement.managedRuleGroupStatement { vendorName: "AWS", name } for each group in requiredRuleGroups.',
  types: [WEB_ACL, WEB_ACL_RULE, WEB_ACL_RULE_GROUP_ASSOCIATION],
  configSchema: {
    properties: {
      requiredRuleGroups: {
        type: "array",
        items: { type: "string" },
        default: ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"],
        description: "Names of AWS managed rule groups (vendorName AWS) every web ACL must reference.",
      },
    },
  },
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    const separate = ctx.ofType(WEB_ACL_RULE, WEB_ACL_RULE_GROUP_ASSOCIATION);
    const required = knownStrings(ctx.config.requiredRuleGroups);
    for (const acl of ctx.ofType(WEB_ACL)) {
      const present = groupsOf(acl, separate);
      if (present === UNSEEN) continue;
      const missing = required.filter((g) => !present.has(g));
      if (missing.length > 0)
        out.push({
          urn: acl.urn,
          message:
            `Web ACL "${acl.name}" lacks the AWS managed rule group${missing.length > 1 ? "s" : ""} ` +
            `${missing.join(", ")}: add a rule with managedRuleGroupStatement { vendorName: "AWS", name } for each.`,
        });
    }
    return out;
  },
});
