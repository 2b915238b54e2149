import { resourcePolicy } from "../../lib/policy";

/** @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html */
export const rdsInstanceRequireStorageEncryption = resourcePolicy({
  name: "aws-rds-instance-require-storage-encryption",
  description:
    "RDS instances must encrypt storage, automated backups, replicas and snapshots at rest; it can only be " +
    "turned on at creation.",
  catalog: ["CKV_AWS_16", "AVD-AWS-0080", "CIS AWS 2.3.1", "FSBP RDS.3"],
  remediation: "Set storageEncrypted to true (and kmsKeyId to our KMS key) when creating the instance.",
  types: ["aws:rds/instance:Instance"],
  check: (props) => {
    // A read replica inherits its source's encryption and cannot set it.
    if ("replicateSourceDb" in props && props.replicateSourceDb) return;
    if (props.storageEncrypted !== true)
      return "RDS instance storage is not encrypted: set storageEncrypted: true (and kmsKeyId).";
  },
});
