import { type ArgProblem, Problems } from "../shared/problems";
import { DEFAULT_MODEL_PORT } from "../shared/ports";
import { egressDomainProblem, logRetentionProblem, tagArgProblems } from "../shared/rules";
import type { SegmentedVpcArgs } from "./segmentedVpc";
import { type EgressMode, OPERATOR_TIER, tierFlows, WORKLOAD_TIERS } from "./segmentedVpc.flows";
import { NACL_RULE_QUOTA, naclRules } from "./segmentedVpc.nacl";
import {
  cidrProblem,
  contains,
  overlaps,
  type PlannedSubnet,
  planSubnets,
  type Tier,
  TIERS,
  tierBlocks,
  type TierSpec,
} from "./subnetPlan";

/**
 * `SegmentedVpc`'s defaults, argument validation and subnet planning: the component and the stack
 * config both call `planSegmentedVpc`, so a rule lives here once. No Pulumi.
 */

/** The defaults of `SegmentedVpcArgs`, resolved once. */
export const SEGMENTED_VPC_DEFAULTS = {
  /**
   * Subnet size per zone for each tier. Inference and management carry pods (the VPC CNI gives each pod
   * a VPC address), so they are the largest.
   */
  tiers: {
    ingress: { prefixLength: 24 },
    inference: { prefixLength: 20 },
    management: { prefixLength: 21 },
    data: { prefixLength: 23 },
    logging: { prefixLength: 24 },
    firewall: { prefixLength: 28 },
  } as Readonly<Record<Tier, TierSpec>>,
  /**
   * The AWS services the private tiers reach through interface endpoints (S3 is always a gateway
   * endpoint): what EKS nodes, the add-ons and our components call.
   * @see https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html
   */
  interfaceEndpoints: [
    "ecr.api",
    "ecr.dkr",
    "sts",
    "kms",
    "logs",
    "ec2",
    "elasticloadbalancing",
    "autoscaling",
    "eks",
    "eks-auth",
    "ssm",
    // The SIEM: the log shipper writes to Firehose, Alertmanager publishes to the alert topic.
    // @see https://docs.aws.amazon.com/firehose/latest/dev/vpc.html
    // @see https://docs.aws.amazon.com/sns/latest/dg/sns-internetwork-privacy.html
    "kinesis-firehose",
    "sns",
  ] as readonly string[],
  egress: { mode: "endpoints-only", allowedDomains: [] } as {
    readonly mode: EgressMode;
    readonly allowedDomains: readonly string[];
  },
  secondaryCidrs: [] as readonly string[],
  /** The model servers' ports the mesh gateway reaches (vLLM's default). */
  meshServicePorts: [DEFAULT_MODEL_PORT] as readonly number[],
  protect: true,
} as const;

/** The fields of `SegmentedVpcArgs` that decide the shape. */
export type SegmentedVpcShape = Pick<
  SegmentedVpcArgs,
  | "cidr"
  | "availabilityZones"
  | "tiers"
  | "secondaryCidrs"
  | "egress"
  | "interfaceEndpoints"
  | "flowLogRetentionDays"
  | "operatorNetworks"
  | "meshServicePorts"
  | "tags"
>;

const ENDPOINT_SERVICE = /^[a-z0-9]+([.-][a-z0-9]+)*$/;
// An availability zone name (`us-east-1a`); zone IDs (`use1-az1`) are not accepted here.
const ZONE_NAME = /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/;

/**
 * A VPC's primary CIDR: AWS accepts /16 to /28, and ours must be private (RFC 1918) so it can never
 * collide with, or be mistaken for, a public range that traffic is routed to.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
 */
export function vpcCidrProblem(cidr: string): string | undefined {
  if (cidrProblem(cidr)) return undefined; // reported by the plan
  const prefix = Number(cidr.split("/")[1]);
  if (prefix < 16 || prefix > 28) return "is not a VPC size AWS accepts (expected a prefix from /16 to /28)";
  if (!["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].some((r) => contains(r, cidr)))
    return "is not a private (RFC 1918) range (expected inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)";
  return undefined;
}

/** The tiers a VPC gets: the workload tiers, plus `firewall` when egress goes through the firewall. */
export function tierSpecs(
  args: Pick<SegmentedVpcShape, "tiers" | "egress">,
): Partial<Record<Tier, TierSpec>> {
  const mode = args.egress?.mode ?? SEGMENTED_VPC_DEFAULTS.egress.mode;
  const tiers: Partial<Record<Tier, TierSpec>> = { ...SEGMENTED_VPC_DEFAULTS.tiers, ...(args.tiers ?? {}) };
  if (mode !== "firewall") delete tiers.firewall;
  return tiers;
}

/**
 * Validates the Args and plans the subnets: every problem (each addressed by its Args path), and the
 * plan when there is none. The component and the stack config both call this, so a rule lives here once.
 */
export function planSegmentedVpc(args: SegmentedVpcShape): {
  readonly problems: ArgProblem[];
  readonly subnets: readonly PlannedSubnet[];
} {
  const p = new Problems();
  const mode = args.egress?.mode ?? SEGMENTED_VPC_DEFAULTS.egress.mode;
  const zones = args.availabilityZones;
  const seen = new Set<string>();
  zones.forEach((z, i) => {
    if (!ZONE_NAME.test(z))
      p.at(["availabilityZones", i], z, 'is not an availability zone name (expected e.g. "us-east-1a")');
    else if (seen.has(z)) p.at(["availabilityZones", i], z, "is listed twice (expected distinct zones)");
    seen.add(z);
  });
  if (zones.length < 2)
    p.at(["availabilityZones"], zones, `has ${zones.length} zone(s); EKS needs subnets in at least 2 zones`);

  const vpcSize = vpcCidrProblem(args.cidr);
  if (vpcSize) p.at(["cidr"], args.cidr, vpcSize);
  p.under([], tagArgProblems(args.tags));
  const plan = planSubnets({ vpcCidr: args.cidr, zones, tiers: tierSpecs(args) });
  const managementCidrs = plan.ok
    ? plan.subnets.filter((s) => s.tier === OPERATOR_TIER).map((s) => s.cidr)
    : [];
  /** An in-VPC operator network must lie inside one management subnet. */
  const planCovers = (cidr: string) => !plan.ok || managementCidrs.some((m) => contains(m, cidr));
  if (!plan.ok) p.under([], plan.problems);
  const vpcProblem = cidrProblem(args.cidr);
  const secondaryCidrs = args.secondaryCidrs ?? [];
  secondaryCidrs.forEach((c, i) => {
    const bad = cidrProblem(c);
    if (bad) return p.at(["secondaryCidrs", i], c, bad);
    if (!vpcProblem && overlaps(c, args.cidr))
      p.at(["secondaryCidrs", i], c, `overlaps the VPC CIDR ${args.cidr}`);
    secondaryCidrs.slice(0, i).forEach((o, j) => {
      if (!cidrProblem(o) && overlaps(c, o))
        p.at(["secondaryCidrs", i], c, `overlaps secondaryCidrs[${j}] (${o})`);
    });
  });
  if (mode === "firewall") {
    const domains = args.egress?.allowedDomains ?? [];
    if (domains.length === 0)
      p.at(
        ["egress", "allowedDomains"],
        domains,
        "is empty; egress mode 'firewall' needs at least one allowed domain",
      );
    domains.forEach((d, i) => {
      const bad = egressDomainProblem(d);
      if (bad) p.at(["egress", "allowedDomains", i], d, bad);
    });
  }
  const services = args.interfaceEndpoints ?? SEGMENTED_VPC_DEFAULTS.interfaceEndpoints;
  services.forEach((s, i) => {
    if (!ENDPOINT_SERVICE.test(s))
      p.at(["interfaceEndpoints", i], s, 'is not an AWS service endpoint name (expected e.g. "ecr.api")');
    if (s === "s3")
      p.at(
        ["interfaceEndpoints", i],
        s,
        "is always a gateway endpoint here (remove it from the interface list)",
      );
    if (services.indexOf(s) !== i) p.at(["interfaceEndpoints", i], s, "is listed twice");
  });
  const vpcCidrs = vpcProblem ? [] : [args.cidr, ...secondaryCidrs.filter((c) => !cidrProblem(c))];
  (args.operatorNetworks ?? []).forEach((o, i) => {
    const bad = cidrProblem(o.cidr);
    if (bad) return p.at(["operatorNetworks", i, "cidr"], o.cidr, bad);
    if (o.cidr.endsWith("/0"))
      return p.at(
        ["operatorNetworks", i, "cidr"],
        o.cidr,
        "opens the API to the whole internet (list your own networks)",
      );
    const inside = vpcCidrs.some((v) => overlaps(v, o.cidr));
    if (inside && o.transitGatewayId !== undefined)
      p.at(
        ["operatorNetworks", i, "transitGatewayId"],
        o.transitGatewayId,
        "is set for a network inside the VPC (local routes reach it; remove it)",
      );
    if (!inside && !/^tgw-[0-9a-f]{8,17}$/.test(o.transitGatewayId ?? ""))
      p.at(
        ["operatorNetworks", i, "transitGatewayId"],
        o.transitGatewayId,
        'is needed for a network outside the VPC (expected the Transit Gateway that routes to it, "tgw-...")',
      );
    if (inside && !planCovers(o.cidr))
      p.at(
        ["operatorNetworks", i, "cidr"],
        o.cidr,
        "overlaps the VPC outside the management tier (it would admit other tiers to the API; name the runner's management subnet)",
      );
  });
  const meshPorts = args.meshServicePorts ?? SEGMENTED_VPC_DEFAULTS.meshServicePorts;
  if (meshPorts.length === 0)
    p.at(
      ["meshServicePorts"],
      meshPorts,
      "is empty; the mesh gateway could reach no model server (expected at least one port, e.g. [8000])",
    );
  meshPorts.forEach((port, i) => {
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      p.at(["meshServicePorts", i], port, "is not a TCP port (expected a whole number from 1 to 65535)");
    else if (meshPorts.indexOf(port) !== i) p.at(["meshServicePorts", i], port, "is listed twice");
  });
  const retention = logRetentionProblem(args.flowLogRetentionDays);
  if (retention) p.at(["flowLogRetentionDays"], args.flowLogRetentionDays, retention);

  const subnets = plan.ok ? plan.subnets : [];
  if (plan.ok) {
    // Tier blocks stand for whole tiers in ACL and firewall rules: another tier inside one would inherit its access.
    for (const [tier, list] of Object.entries(tierBlocks(subnets)) as [Tier, string[]][]) {
      for (const block of list) {
        for (const s of subnets.filter((o) => o.tier !== tier)) {
          if (overlaps(block, s.cidr))
            p.at(["tiers", s.tier], s.cidr, `lies inside the ${tier} tier block ${block}`);
        }
      }
    }
  }
  if (p.list.length === 0) {
    const required: Tier[] = mode === "firewall" ? [...TIERS] : [...WORKLOAD_TIERS];
    for (const tier of required) {
      const rules = naclRules(
        tier,
        subnets,
        mode,
        [args.cidr, ...secondaryCidrs],
        tierFlows(meshPorts),
        (args.operatorNetworks ?? []).map((o) => o.cidr),
      );
      for (const direction of ["ingress", "egress"] as const) {
        if (rules[direction].length > NACL_RULE_QUOTA)
          p.at(
            ["tiers", tier],
            args.tiers?.[tier],
            `needs ${rules[direction].length} ${direction} ACL rules, above AWS's default quota of ${NACL_RULE_QUOTA} (size tiers by prefixLength so each tier is one block)`,
          );
      }
    }
  }
  return { problems: p.list, subnets: p.list.length === 0 ? subnets : [] };
}

/** Every problem with the Args, each naming the field, the value and the fix. Empty means valid. */
export function validateSegmentedVpcArgs(args: SegmentedVpcShape): ArgProblem[] {
  return planSegmentedVpc(args).problems;
}
