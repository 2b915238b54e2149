import { resourcePolicy } from "../../lib/policy";
import { CLASSIC_WEB_ACL, REGIONAL_WEB_ACL, WEB_ACL_LOGGING } from "../../lib/waf";
import { asList, asObject, knownStrings, lower } from "../../lib/values";

/** Header names redacted, lower-cased: WAFv2 `redactedFields[].singleHeader.name`. */
function v2Redacted(props: Record<string, any>): string[] {
  return ("redactedFields" in props ? asList(props.redactedFields) : [])
    .map((f) => asObject(asObject(f)?.singleHeader)?.name)
    .filter((n): n is string => typeof n === "string");
}

/** WAF Classic: `loggingConfiguration.redactedFields.fieldToMatches[]` of type HEADER, by `data`. */
function classicRedacted(logging: Record<string, any>): string[] {
  const fields = "redactedFields" in logging ? asObject(logging.redactedFields) : undefined;
  return asList(fields?.fieldToMatches)
    .map(asObject)
    .filter((m) => lower(m?.type) === "header")
    .map((m) => m!.data)
    .filter((n): n is string => typeof n === "string");
}

/**
 * WAF logs hold every request's headers unless they are redacted; a bearer token or API key in them is a
 * credential anyone who reads the logs can replay. Header names are matched case-insensitively, as WAF
 * does. WAFv2 redacts in the WebAclLoggingConfiguration; WAF Classic ACLs (`aws:waf`, `aws:wafregional`)
 * in their inline `loggingConfiguration` (a Classic ACL that does not log is
 * aws-wafv2-webacl-require-logging's). Advisory by default; prod makes it mandatory.
 * No catalog checks redaction; the closest control is the logging one it refines (Security Hub WAF.11,
 * Checkov CKV2_AWS_31: a WAFv2 logging configuration).
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/logging-management.html (redacting fields)
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/wafv2/webaclloggingconfiguration/
 */
export const wafv2WebAclLoggingConfigurationRequireRedactedHeaders = resourcePolicy({
  name: "aws-wafv2-webaclloggingconfiguration-require-redacted-headers",
  description:
    "WAFv2 logging configurations should redact the credential headers in requiredHeaders (default " +
    "authorization) with redactedFields singleHeader: otherwise every logged request carries the caller's " +
    "bearer token or API key, and read access to the log group becomes the power to call the model as them.",
  catalog: ["FSBP WAF.11", "CKV2_AWS_31"],
  remediation:
    'Add redactedFields: [{ singleHeader: { name: "authorization" } }] (one per header in requiredHeaders) to the logging configuration.',
  enforcementLevel: "advisory",
  types: [WEB_ACL_LOGGING, CLASSIC_WEB_ACL, REGIONAL_WEB_ACL],
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
  check: (props, { name, type, config }) => {
    let names: string[];
    if (type === WEB_ACL_LOGGING) names = v2Redacted(props);
    else {
      const logging = "loggingConfiguration" in props ? asObject(props.loggingConfiguration) : undefined;
      if (!logging) return;
      names = classicRedacted(logging);
    }
    const redacted = new Set(names.map((n) => n.trim().toLowerCase()));
    const missing = knownStrings(config.requiredHeaders).filter((h) => !redacted.has(h.trim().toLowerCase()));
    if (missing.length === 0) return;
    if (type !== WEB_ACL_LOGGING)
      return (
        `WAF Classic web ACL "${name}" logging does not redact ${missing.map((h) => `"${h}"`).join(", ")}: add ` +
        `loggingConfiguration.redactedFields.fieldToMatches: [{ type: "HEADER", data: "${missing[0]}" }] for each.`
      );
    return (
      `WAF logging configuration "${name}" does not redact ${missing.map((h) => `"${h}"`).join(", ")}: add ` +
      `redactedFields: [{ singleHeader: { name: "${missing[0]}" } }] for each.`
    );
  },
});
