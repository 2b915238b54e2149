import { resourcePolicy } from "../../lib/policy";
import { asObject, isSet } from "../../lib/values";

/**
 * Fine-grained access control maps IAM principals (the master role) to OpenSearch roles; the internal user
 * database would add passwords that live outside IAM, MFA and the organisation's SSO.
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/fgac.html
 * Catalog: Checkov CKV2_AWS_52 (both domain types), Security Hub Opensearch.7.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html#opensearch-7
 */
export const opensearchDomainRequireFineGrainedAccess = resourcePolicy({
  name: "aws-opensearch-domain-require-fine-grained-access",
  description:
    "OpenSearch domains must enable fine-grained access control with an IAM master role and no internal " +
    "user database (Security Hub Opensearch.7): index- and document-level permissions then follow IAM and " +
    "SSO, with no local passwords to steal.",
  catalog: ["CKV2_AWS_52", "FSBP Opensearch.7"],
  remediation:
    "Set advancedSecurityOptions to { enabled: true, internalUserDatabaseEnabled: false, masterUserOptions: { masterUserArn: <IAM role ARN> } }.",
  types: ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"],
  check: (props) => {
    const o = "advancedSecurityOptions" in props ? asObject(props.advancedSecurityOptions) : undefined;
    if (o?.enabled !== true)
      return "OpenSearch domain has no fine-grained access control: set advancedSecurityOptions.enabled: true with masterUserOptions.masterUserArn.";
    const out: string[] = [];
    if ("internalUserDatabaseEnabled" in o && o.internalUserDatabaseEnabled === true)
      out.push(
        "OpenSearch domain uses its internal user database: set advancedSecurityOptions.internalUserDatabaseEnabled: false and an IAM masterUserArn.",
      );
    const master = "masterUserOptions" in o ? asObject(o.masterUserOptions) : undefined;
    if (!master || !("masterUserArn" in master) || !isSet(master.masterUserArn))
      out.push(
        "OpenSearch domain's master user is not an IAM principal: set advancedSecurityOptions.masterUserOptions.masterUserArn.",
      );
    return out;
  },
});
