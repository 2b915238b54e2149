import { resourcePolicy } from "../../lib/policy";

const GLOBAL_CLUSTER = "aws:rds/globalCluster:GlobalCluster";

/**
 * Deletion protection is off unless `deletionProtection: true`, on clusters and on global clusters alike.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_DeleteCluster.html#USER_DeletionProtection
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/rds/globalcluster/#deletionprotection_nodejs
 */
export const rdsClusterRequireDeletionProtection = resourcePolicy({
  name: "aws-rds-cluster-require-deletion-protection",
  description:
    "RDS clusters (and Aurora global clusters) must have deletion protection, so one API call, a stack " +
    "destroy or an accidental replacement cannot delete the database.",
  catalog: ["CKV_AWS_139", "AVD-AWS-0343", "FSBP RDS.7"],
  remediation: "Set deletionProtection to true.",
  types: ["aws:rds/cluster:Cluster", GLOBAL_CLUSTER],
  check: (props, ctx) => {
    if (props.deletionProtection !== true)
      return `RDS ${ctx.type === GLOBAL_CLUSTER ? "global cluster" : "cluster"} has no deletion protection: set deletionProtection: true.`;
  },
});
