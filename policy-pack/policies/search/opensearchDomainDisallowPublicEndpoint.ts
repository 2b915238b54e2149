import { resourcePolicy } from "../../lib/policy";
import { asList, asObject, plain } from "../../lib/values";

/**
 * A domain without `vpcOptions` (or with no subnets in it) gets a public endpoint, reachable from the
 * internet and guarded only by its access policy; the choice cannot be changed after creation. Empty
 * subnet ids ("") do not count. OpenSearch and legacy Elasticsearch domains alike: Checkov CKV_AWS_137
 * (both types), Security Hub Opensearch.2 and ES.2.
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/vpc.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html#opensearch-2
 */
export const opensearchDomainDisallowPublicEndpoint = resourcePolicy({
  name: "aws-opensearch-domain-disallow-public-endpoint",
  description:
    "OpenSearch domains must be in a VPC (Security Hub Opensearch.2), so the SIEM's indices (every audit " +
    "log and finding) are reachable only from the logging tier and the operators' networks, never from " +
    "the internet.",
  catalog: ["CKV_AWS_137", "FSBP Opensearch.2", "FSBP ES.2"],
  remediation: "Set vpcOptions with the logging tier's subnetIds and securityGroupIds.",
  types: ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"],
  check: (props) => {
    const vpc = "vpcOptions" in props ? asObject(props.vpcOptions) : undefined;
    // "" names no subnet; an unknown id (a subnet's output) counts, read plain so it does not throw.
    const subnets = asList(plain(vpc && "subnetIds" in vpc ? vpc.subnetIds : [])).filter(
      (s) => !(typeof s === "string" && s.trim() === ""),
    );
    if (subnets.length === 0)
      return "OpenSearch domain has a public endpoint: set vpcOptions with the logging tier's subnetIds and a securityGroupIds.";
  },
});
