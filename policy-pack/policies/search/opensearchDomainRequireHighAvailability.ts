import { resourcePolicy } from "../../lib/policy";
import { asNumber, asObject } from "../../lib/values";

/**
 * Three data nodes with zone awareness spread shards and replicas over zones; three dedicated master nodes keep a quorum
 * when one is lost. Advisory by default (a dev domain may be a single node); mandatory in prod.
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/managedomains-multiaz.html
 * Catalog: Checkov CKV_AWS_318 (three dedicated masters and zone awareness, both domain types), Security
 * Hub Opensearch.6 (three data nodes), Opensearch.11 (three dedicated primary nodes) and ES.7.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html#opensearch-6
 */
export const opensearchDomainRequireHighAvailability = resourcePolicy({
  name: "aws-opensearch-domain-require-high-availability",
  description:
    "OpenSearch domains should have at least three data nodes spread by zone awareness and three dedicated " +
    "master nodes (Security Hub Opensearch.6 and Opensearch.11): losing one zone or node must not stop " +
    "security search and alerting during the incident that caused it.",
  enforcementLevel: "advisory",
  catalog: ["CKV_AWS_318", "FSBP Opensearch.6", "FSBP Opensearch.11", "FSBP ES.7"],
  remediation:
    "Set clusterConfig to { instanceCount: 3 or more, zoneAwarenessEnabled: true, dedicatedMasterEnabled: true, dedicatedMasterCount: 3 }.",
  types: ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"],
  check: (props) => {
    const c = "clusterConfig" in props ? asObject(props.clusterConfig) : undefined;
    const out: string[] = [];
    const nodes = asNumber(c?.instanceCount) ?? 1;
    if (nodes < 3)
      out.push(
        `OpenSearch domain has ${nodes} data node(s): set clusterConfig.instanceCount to at least 3 (a multiple of the zone count).`,
      );
    if (c?.zoneAwarenessEnabled !== true)
      out.push(
        "OpenSearch domain is in one zone: set clusterConfig.zoneAwarenessEnabled: true (and zoneAwarenessConfig).",
      );
    const masters = asNumber(c?.dedicatedMasterCount) ?? 0;
    if (c?.dedicatedMasterEnabled !== true || masters < 3)
      out.push(
        "OpenSearch domain has no quorum of dedicated masters: set clusterConfig.dedicatedMasterEnabled: true and dedicatedMasterCount: 3.",
      );
    return out;
  },
});
