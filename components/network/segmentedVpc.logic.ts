import { type ArgProblem, Problems } from "../shared/problems";
import { egressDomainProblem, logRetentionProblem, tagArgProblems } from "../shared/rules";
import type { SegmentedVpcArgs } from "./segmentedVpc";
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
import {
  ANYWHERE,
  EGRESS_TIERS,
  type EgressMode,
  NACL_RULE_QUOTA,
  naclRules,
  OPERATOR_TIER,
  TIER_FLOWS,
  WORKLOAD_TIERS,
} from "./segmentedVpc.flows";

export * from "./segmentedVpc.flows";

/**
 * Pure logic for `SegmentedVpc`, part two: the route plan, the firewall's internal pass rules, the
 * endpoint policies and the argument checks (the flow table is in segmentedVpc.flows.ts). No Pulumi.
 */

// ---------------------------------------------------------------------------------------------------
// Routing

export type RouteTarget =
  | { readonly kind: "internet-gateway" }
  | { readonly kind: "nat-gateway"; readonly zoneIndex: number }
  | { readonly kind: "firewall-endpoint"; readonly zoneIndex: number }
  | { readonly kind: "transit-gateway"; readonly transitGatewayId: string };

/** A route from the management tier to an operator network outside the VPC. */
export interface OperatorRoute {
  readonly cidr: string;
  readonly transitGatewayId: string;
}

/** The operator networks that need a route: those outside every VPC CIDR. */
export function operatorRoutes(
  networks: readonly { readonly cidr: string; readonly transitGatewayId?: string }[],
  vpcCidrs: readonly string[],
): OperatorRoute[] {
  return networks.flatMap((n) =>
    n.transitGatewayId && !vpcCidrs.some((v) => overlaps(v, n.cidr))
      ? [{ cidr: n.cidr, transitGatewayId: n.transitGatewayId }]
      : [],
  );
}

export interface PlannedRoute {
  readonly destination: string;
  readonly target: RouteTarget;
  readonly why: string;
}
export interface PlannedRouteTable {
  readonly tier: Tier;
  readonly zoneIndex: number;
  readonly zone: string;
  readonly routes: PlannedRoute[];
  /** Associated with the S3 gateway endpoint (a prefix-list route AWS adds). */
  readonly s3: boolean;
}

/**
 * One route table per tier per zone. Only `ingress` routes to the internet gateway. In `firewall`
 * mode the egress tiers' default route is their zone's firewall endpoint, the firewall subnets send
 * on to their zone's NAT gateway (in `ingress`), and the return path is made symmetric:
 *
 * - ingress (zone z) routes each egress-tier subnet of zone z to firewall endpoint z, so that replies
 *   the NAT gateway translates back go through the firewall instead of the local route;
 * - each egress-tier subnet of zone z routes ingress subnet z to firewall endpoint z, so that load
 *   balancer traffic that the rule above sends through the firewall comes back the same way (a
 *   stateful firewall drops half-seen flows). Cross-zone traffic uses the local route both ways.
 *
 * Routes more specific than the local route must name a whole subnet CIDR; these all do.
 * @see https://docs.aws.amazon.com/network-firewall/latest/developerguide/arch-single-zone-igw-nat.html
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html#route-tables-middlebox
 */
export function routePlan(
  subnets: readonly PlannedSubnet[],
  mode: EgressMode,
  operators: readonly OperatorRoute[] = [],
): PlannedRouteTable[] {
  const firewall = mode === "firewall";
  const isEgress = (t: Tier) => (EGRESS_TIERS as readonly string[]).includes(t);
  return subnets.map((s) => {
    const routes: PlannedRoute[] = [];
    const sameZone = (t: Tier) => subnets.filter((o) => o.tier === t && o.zoneIndex === s.zoneIndex);
    if (s.tier === "ingress") {
      routes.push({
        destination: ANYWHERE,
        target: { kind: "internet-gateway" },
        why: "public load balancers and NAT",
      });
      if (firewall) {
        for (const t of EGRESS_TIERS) {
          for (const o of sameZone(t)) {
            routes.push({
              destination: o.cidr,
              target: { kind: "firewall-endpoint", zoneIndex: s.zoneIndex },
              why: `return path to ${t} through the firewall`,
            });
          }
        }
      }
    } else if (s.tier === "firewall") {
      routes.push({
        destination: ANYWHERE,
        target: { kind: "nat-gateway", zoneIndex: s.zoneIndex },
        why: "inspected egress to NAT",
      });
    } else if (firewall && isEgress(s.tier)) {
      routes.push({
        destination: ANYWHERE,
        target: { kind: "firewall-endpoint", zoneIndex: s.zoneIndex },
        why: "allow-listed egress",
      });
      for (const o of sameZone("ingress")) {
        routes.push({
          destination: o.cidr,
          target: { kind: "firewall-endpoint", zoneIndex: s.zoneIndex },
          why: "symmetric path for same-zone load balancer traffic",
        });
      }
    }
    if (s.tier === OPERATOR_TIER) {
      // The API server's interfaces answer operators through their subnets' route tables.
      for (const o of operators)
        routes.push({
          destination: o.cidr,
          target: { kind: "transit-gateway", transitGatewayId: o.transitGatewayId },
          why: "replies to an operator network",
        });
    }
    return { tier: s.tier, zoneIndex: s.zoneIndex, zone: s.zone, routes, s3: isEgress(s.tier) };
  });
}

// ---------------------------------------------------------------------------------------------------
// Network Firewall

/**
 * Capacity of the domain allow-list rule group, fixed at creation (changing it replaces the group):
 * each domain costs one rule per target type, plus generated rules.
 * @see https://docs.aws.amazon.com/network-firewall/latest/developerguide/nwfw-rule-group-capacity.html
 */
export const DOMAIN_RULE_GROUP_CAPACITY = 1000;
export const INTERNAL_RULE_GROUP_CAPACITY = 100;

export interface StatefulPassRule {
  readonly action: "PASS";
  readonly header: {
    readonly protocol: "TCP";
    readonly source: string;
    readonly sourcePort: "ANY";
    readonly destination: string;
    readonly destinationPort: string;
    readonly direction: "FORWARD";
  };
  readonly ruleOptions: { readonly keyword: string; readonly settings?: string[] }[];
}

/**
 * Same-zone load balancer -> inference traffic crosses the firewall (see `routePlan`); pass exactly
 * the `lb-to-inference` flow so the domain allow-list does not drop it. Strict order evaluates this
 * group first.
 */
export function internalPassRules(subnets: readonly PlannedSubnet[]): StatefulPassRule[] {
  const blocks = tierBlocks(subnets);
  const rules: StatefulPassRule[] = [];
  let sid = 1;
  for (const flow of TIER_FLOWS) {
    if (
      flow.from !== "ingress" ||
      flow.to === "internet" ||
      !(EGRESS_TIERS as readonly string[]).includes(flow.to)
    )
      continue;
    for (const source of blocks.ingress ?? []) {
      for (const destination of blocks[flow.to] ?? []) {
        rules.push({
          action: "PASS",
          header: {
            protocol: "TCP",
            source,
            sourcePort: "ANY",
            destination,
            destinationPort:
              flow.ports[0] === flow.ports[1] ? String(flow.ports[0]) : `${flow.ports[0]}:${flow.ports[1]}`,
            direction: "FORWARD",
          },
          ruleOptions: [{ keyword: `sid:${sid++}` }],
        });
      }
    }
  }
  return rules;
}

// ---------------------------------------------------------------------------------------------------
// VPC endpoint policies

export interface EndpointPolicyContext {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
}

export interface EndpointStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Principal: "*";
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/**
 * An endpoint admits only this account's principals acting on this account's resources
 * (`aws:PrincipalAccount` + `aws:ResourceAccount`), with the narrow, documented exceptions a cluster
 * needs: AWS-owned ECR registries for EKS add-on images and their S3 layer bucket, AWS public SSM
 * parameters (EKS-optimised AMI ids), and STS web-identity federation (IRSA), whose caller is not yet
 * an IAM principal.
 * @see https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount
 */
export function endpointPolicy(
  service: string,
  c: EndpointPolicyContext,
): { Version: "2012-10-17"; Statement: EndpointStatement[] } {
  const ours: EndpointStatement = {
    Sid: "AccountPrincipalsOnAccountResources",
    Effect: "Allow",
    Principal: "*",
    Action: "*",
    Resource: "*",
    Condition: { StringEquals: { "aws:PrincipalAccount": c.accountId, "aws:ResourceAccount": c.accountId } },
  };
  const principalOnly = { StringEquals: { "aws:PrincipalAccount": c.accountId } };
  const extra: EndpointStatement[] = [];
  switch (service) {
    case "s3":
      // ECR keeps image layers in an AWS-owned bucket and hands the client a URL presigned by an
      // ECR-owned account: the request's principal is ECR's, not ours, so no aws:PrincipalAccount (or
      // aws:ResourceAccount) condition can hold. The statement is limited to that one bucket and
      // GetObject, as ECR's documented minimum endpoint policy and AWS's data-perimeter examples
      // (which list this bucket as an AWS-owned exception) do.
      // @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html#ecr-setting-up-s3-gateway
      // @see https://github.com/aws-samples/data-perimeter-policy-examples/blob/main/vpc_endpoint_policies/s3_endpoint_policy.json
      extra.push({
        Sid: "EcrImageLayers",
        Effect: "Allow",
        Principal: "*",
        Action: "s3:GetObject",
        Resource: `arn:${c.partition}:s3:::prod-${c.region}-starport-layer-bucket/*`,
      });
      break;
    case "ecr.api":
    case "ecr.dkr":
      // EKS add-on images (VPC CNI, CoreDNS, kube-proxy, EBS CSI) come from AWS-owned registries.
      // @see https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html
      extra.push({
        Sid: "PullAwsOwnedImages",
        Effect: "Allow",
        Principal: "*",
        Action: [
          "ecr:BatchCheckLayerAvailability",
          "ecr:BatchGetImage",
          "ecr:GetAuthorizationToken",
          "ecr:GetDownloadUrlForLayer",
        ],
        Resource: "*",
        Condition: principalOnly,
      });
      break;
    case "ssm":
      // @see https://docs.aws.amazon.com/eks/latest/userguide/retrieve-ami-id.html
      extra.push({
        Sid: "ReadAwsPublicParameters",
        Effect: "Allow",
        Principal: "*",
        Action: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"],
        Resource: `arn:${c.partition}:ssm:${c.region}::parameter/aws/service/*`,
        Condition: principalOnly,
      });
      break;
    case "sts":
      // IRSA: a pod exchanges its OIDC token for one of our roles; the caller is unauthenticated.
      // @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_request.html#api_assumerolewithwebidentity
      extra.push({
        Sid: "WebIdentityIntoAccountRoles",
        Effect: "Allow",
        Principal: "*",
        Action: ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
        Resource: `arn:${c.partition}:iam::${c.accountId}:role/*`,
        Condition: { StringEquals: { "aws:ResourceAccount": c.accountId } },
      });
      break;
  }
  return { Version: "2012-10-17", Statement: [ours, ...extra] };
}

// ---------------------------------------------------------------------------------------------------
// Validation

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
  ] as readonly string[],
  egress: { mode: "endpoints-only", allowedDomains: [] } as {
    readonly mode: EgressMode;
    readonly allowedDomains: readonly string[];
  },
  secondaryCidrs: [] as readonly string[],
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
        TIER_FLOWS,
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
