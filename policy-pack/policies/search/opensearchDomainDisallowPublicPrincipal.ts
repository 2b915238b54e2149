import { publicPolicyViolations } from "../../lib/iam";
import { resourcePolicy } from "../../lib/policy";
import { asList, asObject, isTrue } from "../../lib/values";

/**
 * Checked on the domain's inline `accessPolicies` and on a separate DomainPolicy. A VPC domain with an
 * open policy is still open to every principal that reaches the VPC; name the roles (the master role, the
 * Firehose role) instead.
 *
 * One open form is AWS's recommended configuration and passes: a domain inside a VPC with fine-grained
 * access control on, no internal user database and anonymous access off. There every request is
 * authenticated by FGAC (IAM or SAML) and authorised by its role mappings, and SAML sign-in to Dashboards
 * needs it, since the browser's requests are not SigV4-signed. Only the inline form can be judged so
 * (a separate DomainPolicy does not show its domain's settings).
 * No catalog in our sources checks a domain policy's principal; the closest controls are Security Hub
 * Opensearch.2 and ES.2 (domains not publicly accessible), which this policy completes for the access
 * policy itself.
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html#ac-types-resource
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/fgac.html#fgac-recommendations
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html
 */
export const opensearchDomainDisallowPublicPrincipal = resourcePolicy({
  name: "aws-opensearch-domain-disallow-public-principal",
  description:
    'OpenSearch domain access policies must not allow any principal ("*") without a condition restricting ' +
    "the caller: anyone who can reach the endpoint could query or delete the SIEM's indices. Exception: a " +
    "VPC domain whose fine-grained access control authenticates every request (no internal users, no " +
    "anonymous access), AWS's recommended form with FGAC and SAML (Security Hub Opensearch.2, Opensearch.7).",
  catalog: ["FSBP Opensearch.2", "FSBP ES.2"],
  remediation:
    'Replace Principal "*" in accessPolicies with the IAM role ARNs that need the domain (or add a Condition restricting the caller).',
  types: [
    "aws:opensearch/domain:Domain",
    "aws:opensearch/domainPolicy:DomainPolicy",
    "aws:elasticsearch/domain:Domain",
    "aws:elasticsearch/domainPolicy:DomainPolicy",
  ],
  check: (props) => {
    if (!("accessPolicies" in props)) return;
    const found = publicPolicyViolations(props.accessPolicies, "Domain access policy");
    if (found.length === 0) return;
    if ("vpcOptions" in props && "advancedSecurityOptions" in props) {
      const inVpc = asList(asObject(props.vpcOptions)?.subnetIds).length > 0;
      const fgac = asObject(props.advancedSecurityOptions);
      if (
        inVpc &&
        fgac &&
        isTrue(fgac.enabled) &&
        fgac.internalUserDatabaseEnabled === false &&
        !isTrue(fgac.anonymousAuthEnabled)
      )
        return;
    }
    return found;
  },
});
