import { resourcePolicy } from "../../lib/policy";
import { asObject } from "../../lib/values";

/** @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html */
export const opensearchDomainRequireEncryptionAtRest = resourcePolicy({
  name: "aws-opensearch-domain-require-encryption-at-rest",
  description:
    "OpenSearch domains (the SIEM's log store) must encrypt indices, logs, swap and snapshots at rest.",
  catalog: ["CKV_AWS_5", "AVD-AWS-0048", "FSBP Opensearch.1", "FSBP ES.1"],
  remediation: "Set encryptAtRest to { enabled: true, kmsKeyId: <key ARN> }.",
  types: ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"],
  check: (props) => {
    const e = "encryptAtRest" in props ? asObject(props.encryptAtRest) : undefined;
    if (e?.enabled !== true)
      return "OpenSearch domain is not encrypted at rest: set encryptAtRest: { enabled: true, kmsKeyId }.";
  },
});
