import { resourcePolicy } from "../../lib/policy";
import { isSet } from "../../lib/values";

/**
 * Unset, Secrets Manager uses the AWS-managed key `aws/secretsmanager`, also when named by its alias
 * (`alias/aws/secretsmanager`) or the alias ARN (`arn:aws:kms:<region>:<account>:alias/aws/secretsmanager`).
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
 */
export const secretsmanagerSecretRequireCmk = resourcePolicy({
  name: "aws-secretsmanager-secret-require-cmk",
  description:
    "Secrets Manager secrets must be encrypted with a customer-managed KMS key, not aws/secretsmanager, so " +
    "the key policy (not only IAM) decides who can decrypt them and they can be shared safely.",
  catalog: ["CKV_AWS_149", "AVD-AWS-0098"],
  remediation: "Set kmsKeyId to a customer-managed KMS key (not alias/aws/secretsmanager).",
  types: ["aws:secretsmanager/secret:Secret"],
  check: (props) => {
    const key = "kmsKeyId" in props ? props.kmsKeyId : undefined;
    if (!isSet(key) || (typeof key === "string" && /(^|:)alias\/aws\/secretsmanager$/i.test(key.trim())))
      return "Secret uses the AWS-managed key: set kmsKeyId to a customer-managed KMS key.";
  },
});
