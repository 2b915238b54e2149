import { resourcePolicy } from "../../lib/policy";
import { isTrue } from "../../lib/values";

/**
 * `publiclyAccessible: true` gives the instance a public DNS name resolving to a public IP (in a subnet
 * with an internet gateway); only security groups then stand between the database and the internet.
 * Unset is `false`. Aurora sets it per instance, so `ClusterInstance` is checked too.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/rds/instance/
 */
export const rdsInstanceDisallowPublicAccess = resourcePolicy({
  name: "aws-rds-instance-disallow-public-access",
  description:
    "RDS and Aurora DB instances must not be publicly accessible: a public endpoint puts the database " +
    "one security-group mistake away from password guessing and exploits from the whole internet.",
  catalog: ["CKV_AWS_17", "AVD-AWS-0180"],
  remediation: "Set publiclyAccessible to false and reach the database from inside the VPC.",
  types: ["aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance"],
  check: (props) => {
    if ("publiclyAccessible" in props && isTrue(props.publiclyAccessible))
      return "DB instance is publicly accessible: set publiclyAccessible: false and reach it from inside the VPC.";
  },
});
