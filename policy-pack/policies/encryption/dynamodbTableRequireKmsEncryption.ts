import { resourcePolicy } from "../../lib/policy";
import { asList, asObject, isSet } from "../../lib/values";

const REPLICA = "aws:dynamodb/tableReplica:TableReplica";

/** The AWS-managed key, by alias or alias ARN: its key policy is AWS's, not ours. */
function customerKey(key: unknown): boolean {
  return isSet(key) && !(typeof key === "string" && /(^|:)alias\/aws\/dynamodb$/i.test(key.trim()));
}

/**
 * DynamoDB always encrypts with an AWS-owned key, which the account cannot audit or revoke;
 * `serverSideEncryption.enabled: true` switches to a KMS key: the AWS-managed `alias/aws/dynamodb` unless
 * `kmsKeyArn` names ours. Only our key has a key policy we write, so both are required (as Checkov
 * CKV_AWS_119 and Trivy AVD-AWS-0025 require: enabled and a customer-managed key). A global table's
 * replicas, inline (`replicas[]`) or as `TableReplica` resources, each name their own Region's key, and
 * use the AWS-managed key there without one (Checkov CKV_AWS_271).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/dynamodb/tablereplica/#kmskeyarn_nodejs
 */
export const dynamodbTableRequireKmsEncryption = resourcePolicy({
  name: "aws-dynamodb-table-require-kms-encryption",
  description:
    "DynamoDB tables (and their global-table replicas) must be encrypted with our customer-managed KMS key " +
    "(not the AWS-owned default or the AWS-managed alias/aws/dynamodb), so key use is logged in CloudTrail " +
    "and access can be revoked by the key policy.",
  catalog: ["CKV_AWS_119", "CKV_AWS_271", "AVD-AWS-0025"],
  remediation:
    "Set serverSideEncryption to { enabled: true, kmsKeyArn: <customer-managed key ARN> }, and kmsKeyArn on every replica.",
  types: ["aws:dynamodb/table:Table", REPLICA],
  check: (props, ctx) => {
    if (ctx.type === REPLICA) {
      if (!("kmsKeyArn" in props) || !customerKey(props.kmsKeyArn))
        return "DynamoDB table replica uses the AWS-managed key: set kmsKeyArn to our KMS key in the replica's Region.";
      return;
    }
    const sse = "serverSideEncryption" in props ? asObject(props.serverSideEncryption) : undefined;
    if (sse?.enabled !== true)
      return "DynamoDB table uses the AWS-owned key: set serverSideEncryption: { enabled: true, kmsKeyArn }.";
    const out: string[] = [];
    if (!("kmsKeyArn" in sse) || !customerKey(sse.kmsKeyArn))
      out.push(
        "DynamoDB table uses the AWS-managed key (alias/aws/dynamodb), whose key policy we cannot write: set serverSideEncryption.kmsKeyArn to our KMS key.",
      );
    const replicas = "replicas" in props ? asList(props.replicas) : [];
    replicas.forEach((r, i) => {
      const replica = asObject(r);
      if (!replica) return;
      if (!("kmsKeyArn" in replica) || !customerKey(replica.kmsKeyArn)) {
        const where = typeof replica.regionName === "string" ? `"${replica.regionName}"` : `#${i}`;
        out.push(
          `DynamoDB table replica ${where} uses the AWS-managed key: set replicas[${i}].kmsKeyArn to our KMS key in that Region.`,
        );
      }
    });
    return out;
  },
});
