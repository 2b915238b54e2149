import { resourcePolicy } from "../../lib/policy";

const GLOBAL_CLUSTER = "aws:rds/globalCluster:GlobalCluster";

/**
 * A global cluster created from an existing cluster (`sourceDbClusterIdentifier`) takes that cluster's
 * encryption and is judged through it; one created empty sets `storageEncrypted` itself (default false),
 * as Checkov's CKV_AWS_140 reads it.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.html
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/rds/globalcluster/
 */
export const rdsClusterRequireStorageEncryption = resourcePolicy({
  name: "aws-rds-cluster-require-storage-encryption",
  description:
    "Aurora and Multi-AZ DB clusters (and Aurora global clusters) must encrypt storage and snapshots at rest; " +
    "it can only be turned on at creation.",
  catalog: ["CKV_AWS_96", "CKV_AWS_140", "AVD-AWS-0079"],
  remediation: "Set storageEncrypted to true (and kmsKeyId to our KMS key) when creating the cluster.",
  types: ["aws:rds/cluster:Cluster", GLOBAL_CLUSTER],
  check: (props, ctx) => {
    if (
      ctx.type === GLOBAL_CLUSTER &&
      "sourceDbClusterIdentifier" in props &&
      props.sourceDbClusterIdentifier
    )
      return;
    if (props.storageEncrypted !== true)
      return ctx.type === GLOBAL_CLUSTER
        ? "RDS global cluster storage is not encrypted: set storageEncrypted: true."
        : "RDS cluster storage is not encrypted: set storageEncrypted: true (and kmsKeyId).";
  },
});
