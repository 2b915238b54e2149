import { resourcePolicy } from "../../lib/policy";
import { WEB_ACL_LOGGING } from "../../lib/waf";
import { asList, asObject, knownStrings } from "../../lib/values";

/**
 * WAF logs hold every request's headers unless they are redacted; a bearer token or API key in them is a
 * credential anyone who reads the logs can replay. Header names are matched case-insensitively, as WAF
 * does. Advisory by default; prod makes it mandatory.
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/logging-management.html (redacting fields)
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/wafv2/webaclloggingconfiguration/
 */
export const wafv2WebAclLoggingConfigurationRequireRedactedHeaders = resourcePolicy({
  name: "aws-wafv2-webaclloggingconfiguration-require-redacted-headers",
  description:
    "WAFv2 logging configurations should redact the credential headers in requiredHeaders (default " +
    "authorization) with redactedFields singleHeader: otherwise every logged request carries the caller's " +
    "bearer token or API key, and read access to the log group becomes the power to call the model as them.",
  enforcementLevel: "advisory",
  types: [WEB_ACL_LOGGING],
  configSchema: {
    properties: {
      requiredHeaders: {
        type: "array",
        items: { type: "string" },
        default: ["authorization"],
        description: "Header names (case-insensitive) that must be redacted from WAF logs.",
      },
    },
  },
  check: (props, { name, config }) => {
    const redacted = new Set(
      ("redactedFields" in props ? asList(props.redactedFields) : [])
        .map((f) => asObject(asObject(f)?.singleHeader)?.name)
        .filter((n): n is string => typeof n === "string")
        .map((n) => n.trim().toLowerCase()),
    );
    const missing = knownStrings(config.requiredHeaders).filter((h) => !redacted.has(h.trim().toLowerCase()));
    if (missing.length > 0)
      return (
        `WAF logging configuration "${name}" does not redact ${missing.map((h) => `"${h}"`).join(", ")}: add ` +
        `redactedFields: [{ singleHeader: { name: "${missing[0]}" } }] for each.`
      );
  },
});
