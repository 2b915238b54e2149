import { resourcePolicy } from "../../lib/policy";
import { asList, asObject, isSet } from "../../lib/values";

/**
 * Audit logs (who searched or changed what, failed logins) need fine-grained access control, and are only
 * published with a `logPublishingOptions` entry AUDIT_LOGS to a log group; `enabled` defaults to true.
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/audit-logs.html
 * Catalog: Checkov CKV_AWS_317 and Trivy AVD-AWS-0042 (audit logging enabled, both domain types),
 * Security Hub Opensearch.5 and ES.5.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html#opensearch-5
 */
export const opensearchDomainRequireAuditLogs = resourcePolicy({
  name: "aws-opensearch-domain-require-audit-logs",
  description:
    "OpenSearch domains must publish audit logs to CloudWatch Logs (Security Hub Opensearch.5): the SIEM " +
    "holds every other audit trail, so who read or deleted its indices must itself be recorded.",
  catalog: ["CKV_AWS_317", "AVD-AWS-0042", "FSBP Opensearch.5", "FSBP ES.5"],
  remediation:
    'Add a logPublishingOptions entry { logType: "AUDIT_LOGS", cloudwatchLogGroupArn: <log group ARN>, enabled: true }.',
  types: ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"],
  check: (props) => {
    const entries = "logPublishingOptions" in props ? asList(props.logPublishingOptions) : [];
    const audit = entries.map(asObject).filter((e) => e?.logType === "AUDIT_LOGS");
    if (audit.some((e) => e!.enabled !== false && isSet(e!.cloudwatchLogGroupArn))) return;
    return 'OpenSearch domain does not publish audit logs: add logPublishingOptions { logType: "AUDIT_LOGS", cloudwatchLogGroupArn, enabled: true }.';
  },
});
