import { publicPolicyViolations } from "../../lib/iam";
import { resourcePolicy } from "../../lib/policy";

/**
 * Checked on the domain's inline `accessPolicies` and on a separate DomainPolicy. A VPC domain with an
 * open policy is still open to every principal that reaches the VPC; name the roles (the master role, the
 * Firehose role) instead.
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html#ac-types-resource
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html
 */
export const opensearchDomainDisallowPublicPrincipal = resourcePolicy({
  name: "aws-opensearch-domain-disallow-public-principal",
  description:
    'OpenSearch domain access policies must not allow any principal ("*") without a condition restricting ' +
    "the caller: anyone who can reach the endpoint could query or delete the SIEM's indices.",
  types: [
    "aws:opensearch/domain:Domain",
    "aws:opensearch/domainPolicy:DomainPolicy",
    "aws:elasticsearch/domain:Domain",
    "aws:elasticsearch/domainPolicy:DomainPolicy",
  ],
  check: (props) => {
    if (!("accessPolicies" in props)) return;
    return publicPolicyViolations(props.accessPolicies, "Domain access policy");
  },
});
