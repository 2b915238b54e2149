import { resourcePolicy } from "../../lib/policy";
import { asObject } from "../../lib/values";

/** @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ntn.html */
export const opensearchDomainRequireNodeToNodeEncryption = resourcePolicy({
  name: "aws-opensearch-domain-require-node-to-node-encryption",
  description:
    "OpenSearch domains must encrypt traffic between their nodes (TLS), so log data is not readable on the " +
    "VPC network by anything that can capture it.",
  catalog: ["CKV_AWS_6", "AVD-AWS-0043", "FSBP Opensearch.3", "FSBP ES.3"],
  remediation: "Set nodeToNodeEncryption to { enabled: true }.",
  types: ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"],
  check: (props) => {
    const e = "nodeToNodeEncryption" in props ? asObject(props.nodeToNodeEncryption) : undefined;
    if (e?.enabled !== true)
      return "OpenSearch node-to-node encryption is off: set nodeToNodeEncryption: { enabled: true }.";
  },
});
