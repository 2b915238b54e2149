import { resourcePolicy } from "../../lib/policy";

/** @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.html */
export const rdsClusterRequireStorageEncryption = resourcePolicy({
  name: "aws-rds-cluster-require-storage-encryption",
  description:
    "Aurora and Multi-AZ DB clusters must encrypt storage and snapshots at rest; it can only be turned on " +
    "at creation.",
  types: ["aws:rds/cluster:Cluster"],
  check: (props) => {
    if (props.storageEncrypted !== true)
      return "RDS cluster storage is not encrypted: set storageEncrypted: true (and kmsKeyId).";
  },
});
