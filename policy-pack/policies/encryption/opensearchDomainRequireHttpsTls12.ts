import { resourcePolicy } from "../../lib/policy";
import { asObject } from "../../lib/values";

/**
 * Valid policies are `Policy-Min-TLS-1-0-2019-07`, `Policy-Min-TLS-1-2-2019-07` and
 * `Policy-Min-TLS-1-2-PFS-2023-10`; the provider only detects drift when a value is set, so it must be set.
 * @see https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_DomainEndpointOptions.html
 */
export const opensearchDomainRequireHttpsTls12 = resourcePolicy({
  name: "aws-opensearch-domain-require-https-tls12",
  description:
    "OpenSearch domain endpoints must refuse plain HTTP and TLS older than 1.2, so credentials and log " +
    "queries cannot be sniffed or downgraded.",
  catalog: ["CKV_AWS_83", "CKV_AWS_228", "AVD-AWS-0046", "AVD-AWS-0126", "FSBP Opensearch.8"],
  remediation:
    'Set domainEndpointOptions to { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" }.',
  types: ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"],
  check: (props) => {
    const o = "domainEndpointOptions" in props ? asObject(props.domainEndpointOptions) : undefined;
    const out: string[] = [];
    if (o?.enforceHttps !== true)
      out.push("OpenSearch endpoint accepts plain HTTP: set domainEndpointOptions.enforceHttps: true.");
    const tls = o && "tlsSecurityPolicy" in o ? o.tlsSecurityPolicy : undefined;
    if (typeof tls !== "string" || !tls.startsWith("Policy-Min-TLS-1-2-"))
      out.push(
        'OpenSearch endpoint allows TLS older than 1.2: set domainEndpointOptions.tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10".',
      );
    return out;
  },
});
