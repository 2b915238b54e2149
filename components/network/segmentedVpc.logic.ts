import { overlaps, type PlannedSubnet, type Tier, tierBlocks } from "./subnetPlan";
import {
  ANYWHERE,
  EGRESS_TIERS,
  type EgressMode,
  type Flow,
  OPERATOR_TIERS,
  TIER_FLOWS,
} from "./segmentedVpc.flows";

export * from "./segmentedVpc.flows";
export * from "./segmentedVpc.nacl";
export * from "./segmentedVpc.args";

/**
 * Pure logic for `SegmentedVpc`, part two: the route plan, the firewall's internal pass rules and the
 * endpoint policies (the flow table is in segmentedVpc.flows.ts, defaults and validation in
 * segmentedVpc.args.ts). No Pulumi.
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
    if ((OPERATOR_TIERS as readonly string[]).includes(s.tier)) {
      // The API server's (and Dashboards') interfaces answer operators through their subnets' route tables.
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
 * Same-zone load balancer -> egress-tier traffic crosses the firewall (see `routePlan`); pass exactly
 * the flows from the ingress tier to an egress tier (`lb-to-gateway`, `lb-to-gateway-health`) of the
 * same flow list the ACLs and security groups use, so the domain allow-list does not drop them.
 * Strict order evaluates this group first.
 */
export function internalPassRules(
  subnets: readonly PlannedSubnet[],
  flows: readonly Flow[] = TIER_FLOWS,
): StatefulPassRule[] {
  const blocks = tierBlocks(subnets);
  const rules: StatefulPassRule[] = [];
  let sid = 1;
  for (const flow of flows) {
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
