import { resourcePolicy } from "../../lib/policy";
import { asList, asObject } from "../../lib/values";

const DESTINATIONS = ["opensearchConfiguration", "elasticsearchConfiguration"];

/**
 * A domain in a VPC is reached by Firehose only through ENIs in that VPC (`vpcConfig`: subnets, security
 * groups and a role); without it Firehose must use a public endpoint.
 * @see https://docs.aws.amazon.com/firehose/latest/dev/vpc.html
 */
export const kinesisFirehoseRequireOpensearchVpc = resourcePolicy({
  name: "aws-kinesis-firehose-require-opensearch-vpc",
  description:
    "Firehose streams into OpenSearch must deliver through the VPC (vpcConfig with subnets and security " +
    "groups in the logging tier), so the domain needs no public endpoint and its security group can admit " +
    "only Firehose's ENIs.",
  types: ["aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"],
  check: (props) => {
    const out: string[] = [];
    for (const key of DESTINATIONS) {
      const dest = key in props ? asObject(props[key]) : undefined;
      if (!dest) continue;
      const vpc = "vpcConfig" in dest ? asObject(dest.vpcConfig) : undefined;
      const subnets = vpc && "subnetIds" in vpc ? asList(vpc.subnetIds) : [];
      const groups = vpc && "securityGroupIds" in vpc ? asList(vpc.securityGroupIds) : [];
      if (subnets.length === 0 || groups.length === 0)
        out.push(
          `Firehose ${key} delivers outside the VPC: set ${key}.vpcConfig with the logging tier's subnetIds, securityGroupIds and roleArn.`,
        );
    }
    return out;
  },
});
