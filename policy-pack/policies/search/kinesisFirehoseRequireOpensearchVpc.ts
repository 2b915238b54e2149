import { resourcePolicy } from "../../lib/policy";
import { asList, asObject, plain } from "../../lib/values";

const DESTINATIONS = ["opensearchConfiguration", "elasticsearchConfiguration"];

/**
 * A domain in a VPC is reached by Firehose only through ENIs in that VPC (`vpcConfig`: subnets, security
 * groups and a role); without it Firehose must use a public endpoint.
 * Rampart-specific: no catalog checks the Firehose side. The closest general controls are the domain's
 * (Checkov CKV_AWS_137, Security Hub Opensearch.2): a VPC-only domain can be fed only this way.
 * @see https://docs.aws.amazon.com/firehose/latest/dev/vpc.html
 */
export const kinesisFirehoseRequireOpensearchVpc = resourcePolicy({
  name: "aws-kinesis-firehose-require-opensearch-vpc",
  description:
    "Firehose streams into OpenSearch must deliver through the VPC (vpcConfig with subnets and security " +
    "groups in the logging tier), so the domain needs no public endpoint and its security group can admit " +
    "only Firehose's ENIs.",
  catalog: ["CKV_AWS_137", "FSBP Opensearch.2"],
  remediation:
    "Set <destination>.vpcConfig with the logging tier's subnetIds, securityGroupIds and roleArn on each OpenSearch destination.",
  types: ["aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"],
  check: (props) => {
    const out: string[] = [];
    for (const key of DESTINATIONS) {
      const dest = key in props ? asObject(props[key]) : undefined;
      if (!dest) continue;
      const vpc = "vpcConfig" in dest ? asObject(dest.vpcConfig) : undefined;
      // "" names nothing; an unknown id (another resource's output) counts, read plain so it does not throw.
      const given = (v: unknown) => !(typeof v === "string" && v.trim() === "");
      const subnets = asList(plain(vpc && "subnetIds" in vpc ? vpc.subnetIds : [])).filter(given);
      const groups = asList(plain(vpc && "securityGroupIds" in vpc ? vpc.securityGroupIds : [])).filter(
        given,
      );
      if (subnets.length === 0 || groups.length === 0)
        out.push(
          `Firehose ${key} delivers outside the VPC: set ${key}.vpcConfig with the logging tier's subnetIds, securityGroupIds and roleArn.`,
        );
    }
    return out;
  },
});
