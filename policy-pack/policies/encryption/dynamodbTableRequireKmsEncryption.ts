import { resourcePolicy } from "../../lib/policy";
import { asObject, isSet } from "../../lib/values";

/**
 * DynamoDB always encrypts with an AWS-owned key, which the account cannot audit or revoke;
 * `serverSideEncryption.enabled: true` switches to a KMS key: the AWS-managed `alias/aws/dynamodb` unless
 * `kmsKeyArn` names ours. Only our key has a key policy we write, so both are required (as Checkov
 * CKV_AWS_119 and Trivy AVD-AWS-0025 require: enabled and a customer-managed key).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html
 */
export const dynamodbTableRequireKmsEncryption = resourcePolicy({
  name: "aws-dynamodb-table-require-kms-encryption",
  description:
    "DynamoDB tables must be encrypted with our customer-managed KMS key (not the AWS-owned default or the " +
    "AWS-managed alias/aws/dynamodb), so key use is logged in CloudTrail and access can be revoked by the key policy.",
  catalog: ["CKV_AWS_119", "AVD-AWS-0025"],
  remediation: "Set serverSideEncryption to { enabled: true, kmsKeyArn: <customer-managed key ARN> }.",
  types: ["aws:dynamodb/table:Table"],
  check: (props) => {
    const sse = "serverSideEncryption" in props ? asObject(props.serverSideEncryption) : undefined;
    if (sse?.enabled !== true)
      return "DynamoDB table uses the AWS-owned key: set serverSideEncryption: { enabled: true, kmsKeyArn }.";
    const key = "kmsKeyArn" in sse ? sse.kmsKeyArn : undefined;
    if (!isSet(key) || key === "alias/aws/dynamodb")
      return "DynamoDB table uses the AWS-managed key (alias/aws/dynamodb), whose key policy we cannot write: set serverSideEncryption.kmsKeyArn to our KMS key.";
  },
});
