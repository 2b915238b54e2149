import type { PolicyResource } from "@pulumi/policy";
import { stackPolicy, type StackViolation } from "../../lib/policy";
import { attachedTo } from "../../lib/refs";
import { seen, UNSEEN } from "../../lib/unknown";
import { asList, asObject, isSet } from "../../lib/values";
import { CLASSIC_WEB_ACL, REGIONAL_WEB_ACL, WEB_ACL, WEB_ACL_LOGGING } from "../../lib/waf";

/** A WAF Classic ACL's inline `loggingConfiguration.logDestination`: set, missing, or unseen. */
function classicLogging(acl: PolicyResource): "set" | "none" | "empty" | typeof UNSEEN {
  return seen(() => {
    const cfg = "loggingConfiguration" in acl.props ? asObject(acl.props.loggingConfiguration) : undefined;
    if (!cfg) return "none";
    const dest = "logDestination" in cfg ? cfg.logDestination : undefined;
    return isSet(dest) && !(typeof dest === "string" && dest.trim() === "") ? "set" : "empty";
  });
}

/**
 * WAFv2 logging is a separate resource naming the ACL (`resourceArn`) and one destination
 * (`logDestinationConfigs`: a log group named aws-waf-logs-*, a Firehose stream or an S3 bucket).
 * WAF Classic ACLs (`aws:waf` global, `aws:wafregional`) log through their inline `loggingConfiguration`
 * (`logDestination`, a Firehose stream). A logging configuration whose target is unknown settles nothing.
 * Catalog: Checkov CKV2_AWS_31 (WAFv2) and CKV_AWS_176 (Classic); Security Hub WAF.11 (WAFv2) and WAF.1
 * (Classic global).
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/logging.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/waf-controls.html (WAF.1, WAF.11)
 */
export const wafv2WebAclRequireLogging = stackPolicy({
  name: "aws-wafv2-webacl-require-logging",
  description:
    "WAFv2 web ACLs must have logging configured in the same stack (a WebAclLoggingConfiguration with a " +
    "destination, Security Hub WAF.11): without WAF logs, blocked attacks, rate-limited clients and false " +
    "positives on prompts are invisible, and the SIEM has nothing from the edge.",
  catalog: ["CKV2_AWS_31", "CKV_AWS_176", "FSBP WAF.11", "FSBP WAF.1"],
  remediation:
    "Add an aws.wafv2.WebAclLoggingConfiguration with resourceArn set to the web ACL's ARN and logDestinationConfigs set to an aws-waf-logs-* destination (WAF Classic: set loggingConfiguration.logDestination).",
  types: [WEB_ACL, WEB_ACL_LOGGING, CLASSIC_WEB_ACL, REGIONAL_WEB_ACL],
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    for (const acl of ctx.ofType(CLASSIC_WEB_ACL, REGIONAL_WEB_ACL)) {
      const state = classicLogging(acl);
      if (state === UNSEEN || state === "set") continue;
      out.push({
        urn: acl.urn,
        message:
          state === "none"
            ? `WAF Classic web ACL "${acl.name}" has no logging: set loggingConfiguration.logDestination to an aws-waf-logs-* Firehose stream.`
            : `WAF Classic web ACL "${acl.name}" has a logging configuration with no destination: set loggingConfiguration.logDestination.`,
      });
    }
    const configs = ctx.ofType(WEB_ACL_LOGGING);
    for (const acl of ctx.ofType(WEB_ACL)) {
      const { attached, unseen } = attachedTo(acl, configs, "resourceArn", ["arn", "id"]);
      if (unseen) continue;
      const destinations = attached.map((c) =>
        seen(() => ("logDestinationConfigs" in c.props ? asList(c.props.logDestinationConfigs) : [])),
      );
      if (attached.length > 0 && destinations.some((d) => typeof d === "symbol" || d.length > 0)) continue;
      out.push({
        urn: acl.urn,
        message:
          attached.length === 0
            ? `Web ACL "${acl.name}" has no logging: add an aws.wafv2.WebAclLoggingConfiguration with its ARN as resourceArn.`
            : `Web ACL "${acl.name}" has a logging configuration with no destination: set logDestinationConfigs.`,
      });
    }
    return out;
  },
});
