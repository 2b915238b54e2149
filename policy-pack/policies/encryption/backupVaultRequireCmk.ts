import { resourcePolicy } from "../../lib/policy";
import { isSet } from "../../lib/values";

/** @see https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html */
export const backupVaultRequireCmk = resourcePolicy({
  name: "aws-backup-vault-require-cmk",
  description:
    "Backup vaults must encrypt recovery points with a customer-managed KMS key, so restoring or copying a " +
    "backup needs the key policy's consent.",
  catalog: ["CKV_AWS_166", "FSBP Backup.1"],
  remediation: "Set kmsKeyArn to the ARN of a customer-managed KMS key.",
  types: ["aws:backup/vault:Vault"],
  check: (props) => {
    if (!("kmsKeyArn" in props) || !isSet(props.kmsKeyArn))
      return "Backup vault uses the default AWS-managed key: set kmsKeyArn to a customer-managed KMS key.";
  },
});
