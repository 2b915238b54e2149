import { resourcePolicy } from "../../lib/policy";

/** @see https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html */
export const efsFileSystemRequireEncryption = resourcePolicy({
  name: "aws-efs-filesystem-require-encryption",
  description:
    "EFS file systems (shared model caches) must be encrypted at rest; encryption can only be chosen at " +
    "creation, so a miss means rebuilding the file system.",
  catalog: ["CKV_AWS_42", "AVD-AWS-0037", "FSBP EFS.1"],
  remediation: "Set encrypted to true (and kmsKeyId to our KMS key) when creating the file system.",
  types: ["aws:efs/fileSystem:FileSystem"],
  check: (props) => {
    if (props.encrypted !== true)
      return "EFS file system is not encrypted: set encrypted: true (and kmsKeyId).";
  },
});
