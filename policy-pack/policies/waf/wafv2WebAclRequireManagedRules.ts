import { resourcePolicy } from "../../lib/policy";
import { WEB_ACL, wafRules } from "../../lib/waf";
import { knownStrings } from "../../lib/values";

/**
 * The AWS managed rule groups every public web ACL carries: the core rule set (OWASP Top 10 classes:
 * XSS, LFI, oversized headers...) and known bad inputs (Log4j/Java deserialisation, host-header probes).
 * Counting only a rule group does not protect: that is aws-wafv2-webacl-disallow-count-mode.
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/waf-controls.html (WAF.10: at least one rule or rule group)
 */
export const wafv2WebAclRequireManagedRules = resourcePolicy({
  name: "aws-wafv2-webacl-require-managed-rules",
  description:
    "WAFv2 web ACLs must include the AWS managed rule groups in requiredRuleGroups (default " +
    "AWSManagedRulesCommonRuleSet and AWSManagedRulesKnownBadInputsRuleSet), in rules or ruleJson: without " +
    "them the ACL only rate-limits, and common exploit payloads reach the gateway and the model servers.",
  types: [WEB_ACL],
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
  check: (props, { name, config }) => {
    const present = new Set(
      wafRules(props)
        .filter((r) => r.managedGroup?.vendor === "AWS" && r.managedGroup.name !== undefined)
        .map((r) => r.managedGroup!.name!),
    );
    const missing = knownStrings(config.requiredRuleGroups).filter((g) => !present.has(g));
    if (missing.length > 0)
      return (
        `Web ACL "${name}" lacks the AWS managed rule group${missing.length > 1 ? "s" : ""} ` +
        `${missing.join(", ")}: add a rule with managedRuleGroupStatement { vendorName: "AWS", name } for each.`
      );
  },
});
