import { resourcePolicy } from "../../lib/policy";
import { asObject } from "../../lib/values";

/**
 * DynamoDB always encrypts with an AWS-owned key, which the account cannot audit or revoke;
 * `serverSideEncryption.enabled: true` switches to a KMS key (AWS-managed, or ours with `kmsKeyArn`).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html
 */
export const dynamodbTableRequireKmsEncryption = resourcePolicy({
  name: "aws-dynamodb-table-require-kms-encryption",
  description:
    "DynamoDB tables must be encrypted with a KMS key (not the AWS-owned default), so key use is logged in " +
    "CloudTrail and access can be revoked by the key policy.",
  types: ["aws:dynamodb/table:Table"],
  check: (props) => {
    const sse = "serverSideEncryption" in props ? asObject(props.serverSideEncryption) : undefined;
    if (sse?.enabled !== true)
      return "DynamoDB table uses the AWS-owned key: set serverSideEncryption: { enabled: true, kmsKeyArn }.";
  },
});
