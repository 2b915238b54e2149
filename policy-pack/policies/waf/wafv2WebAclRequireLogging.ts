import { stackPolicy, type StackViolation } from "../../lib/policy";
import { attachedTo } from "../../lib/refs";
import { seen } from "../../lib/unknown";
import { asList } from "../../lib/values";
import { WEB_ACL, WEB_ACL_LOGGING } from "../../lib/waf";

/**
 * WAF logging is a separate resource naming the ACL (`resourceArn`) and one destination
 * (`logDestinationConfigs`: a log group named aws-waf-logs-*, a Firehose stream or an S3 bucket).
 * Security Hub control WAF.11. A logging configuration whose target is unknown settles nothing.
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/logging.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/waf-controls.html (WAF.11)
 */
export const wafv2WebAclRequireLogging = stackPolicy({
  name: "aws-wafv2-webacl-require-logging",
  description:
    "WAFv2 web ACLs must have logging configured in the same stack (a WebAclLoggingConfiguration with a " +
    "destination, Security Hub WAF.11): without WAF logs, blocked attacks, rate-limited clients and false " +
    "positives on prompts are invisible, and the SIEM has nothing from the edge.",
  types: [WEB_ACL, WEB_ACL_LOGGING],
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
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
