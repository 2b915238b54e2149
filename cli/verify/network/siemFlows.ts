/**
 * The SIEM search tier's flows (issue #13), derived only when the export has an OpenSearch domain in a
 * VPC: Firehose's interfaces and the bootstrap function reach the domain on 443, operators' Dashboards
 * networks too when the domain's group admits them; every other tier (and the logging tier's own
 * workloads) is refused. The domain's interfaces are placed where its `vpcOptions` put them (its
 * subnets, its security groups), as are Firehose's (`opensearchConfiguration.vpcConfig`) and the
 * function's (`vpcConfig`).
 */
import { rampartTierEndpoint, tiersOf } from "./rampartFlows";
import { objs, props, str, strs, urnName } from "./props";
import type { Endpoint, ExportResource, FlowCase } from "./types";

const CITE = {
  vpc: "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/vpc.html",
  firehoseVpc: "https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-es-vpc",
  lambdaVpc: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html",
  dashboards: "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/dashboards.html",
  issue: "issue #13 (nothing outside the logging tier reaches OpenSearch)",
} as const;

const placed = (subnetIds: string[], securityGroups: string[]): Endpoint => ({
  kind: "subnets",
  subnets: { names: subnetIds },
  securityGroups,
});

export function siemFlows(resources: readonly ExportResource[]): FlowCase[] {
  const out: FlowCase[] = [];
  const tiers = tiersOf(resources);
  const tcp443 = (
    id: string,
    from: Endpoint,
    to: Endpoint,
    expect: "allow" | "deny",
    cite: string,
    d: string,
  ) => out.push({ id, description: d, from, to, protocol: "tcp", port: 443, expect, cite });
  for (const domain of resources.filter((r) => r.type === "aws:opensearch/domain:Domain")) {
    const p = props(domain);
    const vpc = objs([p.vpcOptions])[0];
    if (!vpc) continue;
    const name = str(p.domainName) ?? urnName(domain.urn);
    const domainSgs = strs(vpc.securityGroupIds);
    const to = placed(strs(vpc.subnetIds), domainSgs);
    for (const s of resources.filter(
      (r) => r.type === "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    )) {
      const sp = props(s);
      const os = objs([sp.opensearchConfiguration])[0];
      const v = os ? objs([os.vpcConfig])[0] : undefined;
      if (!os || !v) continue;
      const stream = str(sp.name) ?? urnName(s.urn);
      tcp443(
        `firehose-${stream}-to-${name}`,
        placed(strs(v.subnetIds), strs(v.securityGroupIds)),
        to,
        "allow",
        CITE.firehoseVpc,
        `Firehose stream ${stream}'s interfaces deliver to the domain ${name} on 443`,
      );
    }
    for (const f of resources.filter(
      (r) => r.type === "aws:lambda/function:Function" && urnName(r.urn).endsWith("-search-bootstrap"),
    )) {
      const v = objs([props(f).vpcConfig])[0];
      if (!v) continue;
      tcp443(
        `bootstrap-to-${name}`,
        placed(strs(v.subnetIds), strs(v.securityGroupIds)),
        to,
        "allow",
        CITE.lambdaVpc,
        `the bootstrap function maps roles and installs the index lifecycle on ${name}`,
      );
    }
    // Operators' networks: the CIDRs the domain's own group admits (config `dashboardCidrs`).
    const cidrs = resources
      .filter(
        (r) =>
          r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" &&
          domainSgs.includes(str(props(r).securityGroupId) ?? ""),
      )
      .map((r) => str(props(r).cidrIpv4))
      .filter((c): c is string => c !== undefined);
    for (const cidr of [...new Set(cidrs)])
      tcp443(
        `operators-${cidr}-to-${name}`,
        { kind: "cidr", cidr },
        to,
        "allow",
        CITE.dashboards,
        `operators on ${cidr} open OpenSearch Dashboards`,
      );
    for (const tier of ["ingress", "inference", "management", "data", "logging"].filter((t) => tiers.has(t)))
      tcp443(
        `${tier}-to-${name}-denied`,
        rampartTierEndpoint(resources, tier),
        to,
        "deny",
        CITE.issue,
        tier === "logging"
          ? `the logging tier's other workloads (its tier group) do not reach ${name}`
          : `the ${tier} tier does not reach ${name}: only Firehose, the bootstrap and operators do`,
      );
  }
  return out;
}
