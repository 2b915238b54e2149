import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { buildEgressFirewall } from "./segmentedVpc.firewall";
import { buildEndpoints } from "./segmentedVpc.endpoints";
import { buildFlowLogs } from "./segmentedVpc.flowLogs";
import {
  type EgressMode,
  ENDPOINT_TIER,
  naclRules,
  PRIVATE_TIERS,
  operatorRoutes,
  routePlan,
  type SgPeer,
  sgRules,
  tierFlows,
  planSegmentedVpc,
  SEGMENTED_VPC_DEFAULTS,
  WORKLOAD_TIERS,
  type WorkloadTier,
} from "./segmentedVpc.logic";
import { assertValidArgs } from "../shared/problems";
import { type PlannedSubnet, type Tier, TIERS, tierCidrs, type TierSpec } from "./subnetPlan";

export interface SegmentedVpcArgs {
  /** The VPC's primary IPv4 CIDR (a network address, e.g. "10.50.0.0/16"). */
  readonly cidr: string;
  /** Availability zone names, in order; every tier gets one subnet in each (at least 2). */
  readonly availabilityZones: readonly string[];
  /**
   * Per-tier sizing: a prefix length per zone (allocated inside `cidr`), or one explicit CIDR per zone.
   * Tiers left out take the default size.
   * @default SEGMENTED_VPC_DEFAULTS.tiers (ingress /24, inference /20, management /21, data /23, logging /24, firewall /28)
   */
  readonly tiers?: Partial<Record<Tier, TierSpec>>;
  /** Extra CIDR blocks associated with the VPC (e.g. for pod networking). @default [] */
  readonly secondaryCidrs?: readonly string[];
  /**
   * `endpoints-only`: private tiers reach AWS through VPC endpoints and nothing else. `firewall`: the
   * inference and management tiers may also reach `allowedDomains` over HTTPS through AWS Network
   * Firewall and a NAT gateway per zone.
   * @default { mode: "endpoints-only", allowedDomains: [] }
   */
  readonly egress?: { readonly mode: EgressMode; readonly allowedDomains: readonly string[] };
  /**
   * AWS services reached through interface endpoints (S3 is always a gateway endpoint).
   * @default SEGMENTED_VPC_DEFAULTS.interfaceEndpoints (what EKS nodes and the add-ons call)
   */
  readonly interfaceEndpoints?: readonly string[];
  /**
   * The networks operators and CI reach the EKS API from (a VPN, Transit Gateway or Direct Connect range,
   * or an in-VPC runner's subnet): admitted on 443 to the management tier (its NACL and security group,
   * which the control plane carries). A network outside the VPC is routed from the management tier
   * through `transitGatewayId` (an attachment of this VPC that the network team owns). Never `/0`.
   * @default [] (only the VPC's own nodes reach the API)
   */
  readonly operatorNetworks?: readonly OperatorNetwork[];
  /**
   * Ports the model servers in the inference tier listen on: the mesh ingress gateway (on the system
   * nodes, management tier) may reach the inference tier on these ports only (`gateway-to-model-<port>`).
   * @default [DEFAULT_MODEL_PORT] (8000)
   */
  readonly meshServicePorts?: readonly number[];
  /** KMS key ARN that encrypts the flow log and firewall log groups (the KeyRing's logs key). */
  readonly logsKmsKeyArn: pulumi.Input<string>;
  /** Retention of the flow log and firewall log groups, in days (a CloudWatch Logs period). */
  readonly flowLogRetentionDays: number;
  /**
   * Prefix of the log group names; must be one the logs key policy admits.
   * @default `/rampart/<stack>/`
   */
  readonly logGroupPrefix?: string;
  /** `protect` the log groups and turn on the firewall's delete protection. @default true */
  readonly protect?: boolean;
  /** Tags for every taggable child. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

type Ids = pulumi.Output<string>[];

/** A network that may reach the EKS API (see `SegmentedVpcArgs.operatorNetworks`). */
export interface OperatorNetwork {
  readonly cidr: string;
  /** The Transit Gateway that routes to `cidr`; required when `cidr` is outside the VPC. */
  readonly transitGatewayId?: string;
}

/**
 * A VPC split into tiers per zone (ingress, inference, management, data, logging, and firewall when
 * egress is filtered), with a route table per subnet, a network ACL and a security group per tier
 * driven by one flow table (segmentedVpc.logic.ts), VPC endpoints with account-scoped policies, the
 * default security group and ACL emptied, and flow logs of all traffic to an encrypted log group.
 */
export class SegmentedVpc extends pulumi.ComponentResource {
  public readonly vpcId: pulumi.Output<string>;
  public readonly cidr: string;
  /** The planned subnet CIDRs per tier, ordered by zone (plain values: known before anything exists). */
  public readonly tierCidrs: Readonly<Partial<Record<Tier, readonly string[]>>>;
  /** Subnet ids per tier, ordered by zone (`firewall` is empty unless egress mode is `firewall`). */
  public readonly subnetIds: Readonly<Record<Tier, Ids>>;
  /** Route table ids per tier, ordered by zone. */
  public readonly routeTableIds: Readonly<Record<Tier, Ids>>;
  /** Network ACL id per tier that has subnets. */
  public readonly networkAclIds: Readonly<Partial<Record<Tier, pulumi.Output<string>>>>;
  /** Security group id per workload tier: attach the tier's group to what runs in the tier. */
  public readonly securityGroupIds: Readonly<Record<WorkloadTier, pulumi.Output<string>>>;
  /** The group of the interface endpoints (admits 443 from the VPC). */
  public readonly endpointSecurityGroupId: pulumi.Output<string>;
  public readonly s3EndpointId: pulumi.Output<string>;
  /** Interface endpoint ids by service name. */
  public readonly interfaceEndpointIds: Readonly<Record<string, pulumi.Output<string>>>;
  public readonly flowLogGroupName: pulumi.Output<string>;
  public readonly flowLogGroupArn: pulumi.Output<string>;
  /** NAT gateway ids by zone (empty unless egress mode is `firewall`). */
  public readonly natGatewayIds: Ids;
  public readonly firewallArn: pulumi.Output<string | undefined>;
  /** The networks admitted to the EKS API (`operatorNetworks`' CIDRs). */
  public readonly operatorCidrs: readonly string[];

  constructor(name: string, args: SegmentedVpcArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const plan = planSegmentedVpc(args);
    assertValidArgs("SegmentedVpc", name, plan.problems);
    super("rampart:network:SegmentedVpc", name, {}, opts);
    const d = SEGMENTED_VPC_DEFAULTS;
    const subnets = plan.subnets;
    const mode = args.egress?.mode ?? d.egress.mode;
    const protect = args.protect ?? d.protect;
    const tags = { ...args.tags };
    const prefix = args.logGroupPrefix ?? `/rampart/${pulumi.getStack()}/`;
    const secondaryCidrs = args.secondaryCidrs ?? d.secondaryCidrs;
    const operatorNetworks = args.operatorNetworks ?? [];
    const operatorCidrs = operatorNetworks.map((o) => o.cidr);
    // One flow list for the ACLs, the security groups and the firewall's pass rules.
    const flows = tierFlows(args.meshServicePorts ?? d.meshServicePorts);
    const parent = { parent: this };
    const zoneOf = (s: PlannedSubnet) => s.zone;
    const named = (n: string, extra: Record<string, string> = {}) => ({
      ...tags,
      Name: `${name}-${n}`,
      ...extra,
    });

    const identity = aws.getCallerIdentityOutput({}, parent);
    const region = aws.getRegionOutput({}, parent);
    const partition = aws.getPartitionOutput({}, parent);

    // DNS support and hostnames are required for interface endpoints' private DNS.
    // @see https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#interface-endpoint-private-dns
    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      { cidrBlock: args.cidr, enableDnsSupport: true, enableDnsHostnames: true, tags: named("vpc") },
      parent,
    );
    const associations = secondaryCidrs.map(
      (cidrBlock, i) =>
        new aws.ec2.VpcIpv4CidrBlockAssociation(`${name}-cidr-${i}`, { vpcId: vpc.id, cidrBlock }, parent),
    );

    // Nothing may rely on the defaults: the default group and ACL lose every rule, the main route
    // table keeps only the local route. @see https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-2
    new aws.ec2.DefaultSecurityGroup(
      `${name}-default-sg`,
      { vpcId: vpc.id, ingress: [], egress: [], tags: named("default-sg") },
      parent,
    );
    new aws.ec2.DefaultNetworkAcl(
      `${name}-default-nacl`,
      { defaultNetworkAclId: vpc.defaultNetworkAclId, ingress: [], egress: [], tags: named("default-nacl") },
      parent,
    );
    new aws.ec2.DefaultRouteTable(
      `${name}-default-rt`,
      { defaultRouteTableId: vpc.mainRouteTableId, routes: [], tags: named("default-rt") },
      parent,
    );

    const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: named("igw") }, parent);

    // Subnets. No subnet maps public IPs on launch: load balancers and NAT gateways get their own.
    const subnetIds = emptyByTier<pulumi.Output<string>>();
    const subnetById = new Map<PlannedSubnet, aws.ec2.Subnet>();
    for (const s of subnets) {
      const subnet = new aws.ec2.Subnet(
        `${name}-${s.tier}-${zoneOf(s)}`,
        {
          vpcId: vpc.id,
          cidrBlock: s.cidr,
          availabilityZone: s.zone,
          mapPublicIpOnLaunch: false,
          tags: named(`${s.tier}-${s.zone}`, {
            "rampart:tier": s.tier,
            ...subnetRoleTags(s.tier),
          }),
        },
        { parent: this, dependsOn: associations },
      );
      subnetById.set(s, subnet);
    }
    const sorted = [...subnets].sort((a, b) => a.zoneIndex - b.zoneIndex);
    for (const s of sorted) subnetIds[s.tier].push(subnetById.get(s)!.id);

    // Egress path (firewall mode): NAT gateway per zone in ingress, firewall endpoint per zone.
    const natGatewayIds: pulumi.Output<string>[] = [];
    let firewallEndpointIds: pulumi.Output<string>[] = [];
    let firewallArn: pulumi.Output<string | undefined> = pulumi.output(undefined);
    if (mode === "firewall") {
      for (const s of sorted.filter((x) => x.tier === "ingress")) {
        const eip = new aws.ec2.Eip(
          `${name}-nat-${s.zone}-eip`,
          { domain: "vpc", tags: named(`nat-${s.zone}`) },
          parent,
        );
        const nat = new aws.ec2.NatGateway(
          `${name}-nat-${s.zone}`,
          {
            connectivityType: "public",
            allocationId: eip.id,
            subnetId: subnetById.get(s)!.id,
            tags: named(`nat-${s.zone}`),
          },
          { parent: this, dependsOn: [igw] },
        );
        natGatewayIds.push(nat.id);
      }
      const fw = buildEgressFirewall({
        name,
        parent: this,
        vpcId: vpc.id,
        homeNet: [args.cidr, ...secondaryCidrs],
        subnets,
        flows,
        firewallSubnetIds: subnetIds.firewall,
        allowedDomains: args.egress?.allowedDomains ?? d.egress.allowedDomains,
        logGroupName: `${prefix}network-firewall/alerts`,
        logsKmsKeyArn: args.logsKmsKeyArn,
        retentionInDays: args.flowLogRetentionDays,
        protect,
        tags,
      });
      firewallEndpointIds = fw.endpointIds;
      firewallArn = fw.firewall.arn;
    }

    // Route tables: one per subnet, routes from the pure plan.
    const routeTableIds = emptyByTier<pulumi.Output<string>>();
    const s3RouteTables: pulumi.Output<string>[] = [];
    for (const table of routePlan(
      sorted,
      mode,
      operatorRoutes(operatorNetworks, [args.cidr, ...secondaryCidrs]),
    )) {
      const s = sorted.find((x) => x.tier === table.tier && x.zoneIndex === table.zoneIndex)!;
      const base = `${name}-${table.tier}-${table.zone}`;
      const rt = new aws.ec2.RouteTable(
        `${base}-rt`,
        { vpcId: vpc.id, tags: named(`${table.tier}-${table.zone}`) },
        parent,
      );
      new aws.ec2.RouteTableAssociation(
        `${base}-rta`,
        { routeTableId: rt.id, subnetId: subnetById.get(s)!.id },
        parent,
      );
      for (const route of table.routes) {
        const target =
          route.target.kind === "internet-gateway"
            ? { gatewayId: igw.id }
            : route.target.kind === "nat-gateway"
              ? { natGatewayId: natGatewayIds[route.target.zoneIndex]! }
              : route.target.kind === "transit-gateway"
                ? { transitGatewayId: route.target.transitGatewayId }
                : { vpcEndpointId: firewallEndpointIds[route.target.zoneIndex]! };
        const role =
          route.destination === "0.0.0.0/0" ? "default" : `to-${route.destination.replace(/[./]/g, "-")}`;
        new aws.ec2.Route(
          `${base}-${role}`,
          { routeTableId: rt.id, destinationCidrBlock: route.destination, ...target },
          parent,
        );
      }
      routeTableIds[table.tier].push(rt.id);
      if (table.s3) s3RouteTables.push(rt.id);
    }

    // Network ACLs: one per tier, inline rules so nothing else can be added out of band.
    const networkAclIds: Partial<Record<Tier, pulumi.Output<string>>> = {};
    for (const tier of TIERS) {
      if (subnetIds[tier].length === 0) continue;
      const rules = naclRules(tier, subnets, mode, [args.cidr, ...secondaryCidrs], flows, operatorCidrs);
      const acl = new aws.ec2.NetworkAcl(
        `${name}-${tier}-nacl`,
        {
          vpcId: vpc.id,
          subnetIds: subnetIds[tier],
          ingress: rules.ingress,
          egress: rules.egress,
          tags: named(`${tier}-nacl`),
        },
        parent,
      );
      networkAclIds[tier] = acl.id;
    }

    // Security groups: created empty, then one rule resource per flow (groups reference each other).
    const securityGroupIds = {} as Record<WorkloadTier, pulumi.Output<string>>;
    for (const tier of WORKLOAD_TIERS) {
      const sg = new aws.ec2.SecurityGroup(
        `${name}-${tier}-sg`,
        {
          vpcId: vpc.id,
          description: `rampart ${tier} tier`,
          revokeRulesOnDelete: true,
          tags: named(`${tier}-sg`),
        },
        parent,
      );
      securityGroupIds[tier] = sg.id;
    }
    const endpoints = buildEndpoints({
      name,
      parent: this,
      vpcId: vpc.id,
      services: args.interfaceEndpoints ?? d.interfaceEndpoints,
      endpointSubnetIds: subnetIds[ENDPOINT_TIER],
      s3RouteTableIds: s3RouteTables,
      tierSecurityGroupIds: securityGroupIds,
      named,
      context: pulumi.all([partition.partition, identity.accountId, region.region]),
    });
    const { endpointSg, s3, interfaceEndpointIds } = endpoints;

    const peerArgs = (peer: SgPeer) => {
      switch (peer.kind) {
        case "tier":
          return { referencedSecurityGroupId: securityGroupIds[peer.tier] };
        case "cidr":
          return { cidrIpv4: peer.cidr };
        case "s3-prefix-list":
          return { prefixListId: s3.prefixListId };
        case "endpoints":
          return { referencedSecurityGroupId: endpointSg.id };
      }
    };
    for (const rule of sgRules(mode, flows, operatorCidrs)) {
      const ruleArgs = {
        securityGroupId: securityGroupIds[rule.tier],
        ipProtocol: rule.ipProtocol,
        fromPort: rule.fromPort,
        toPort: rule.toPort,
        description: rule.description,
        ...peerArgs(rule.peer),
      };
      const ruleName = `${name}-${rule.tier}-sg-${rule.role}`;
      if (rule.direction === "ingress") new aws.vpc.SecurityGroupIngressRule(ruleName, ruleArgs, parent);
      else new aws.vpc.SecurityGroupEgressRule(ruleName, ruleArgs, parent);
    }

    const flowLogs = buildFlowLogs({
      name,
      parent: this,
      vpcId: vpc.id,
      logGroupName: `${prefix}vpc/flow-logs`,
      logsKmsKeyArn: args.logsKmsKeyArn,
      retentionInDays: args.flowLogRetentionDays,
      protect,
      tags,
      named,
      context: pulumi.all([partition.partition, identity.accountId, region.region]),
    });
    const flowLogGroup = flowLogs.logGroup;

    this.vpcId = vpc.id;
    this.cidr = args.cidr;
    this.tierCidrs = tierCidrs(subnets);
    this.subnetIds = subnetIds;
    this.routeTableIds = routeTableIds;
    this.networkAclIds = networkAclIds;
    this.securityGroupIds = securityGroupIds;
    this.endpointSecurityGroupId = endpointSg.id;
    this.s3EndpointId = s3.id;
    this.interfaceEndpointIds = interfaceEndpointIds;
    this.flowLogGroupName = flowLogGroup.name;
    this.flowLogGroupArn = flowLogGroup.arn;
    this.natGatewayIds = natGatewayIds;
    this.firewallArn = firewallArn;
    this.operatorCidrs = operatorCidrs;
    this.registerOutputs({
      vpcId: this.vpcId,
      subnetIds: this.subnetIds,
      securityGroupIds: this.securityGroupIds,
      endpointSecurityGroupId: this.endpointSecurityGroupId,
      flowLogGroupName: this.flowLogGroupName,
      natGatewayIds: this.natGatewayIds,
      firewallArn: this.firewallArn,
    });
  }
}

function emptyByTier<T>(): Record<Tier, T[]> {
  return Object.fromEntries(TIERS.map((t) => [t, [] as T[]])) as Record<Tier, T[]>;
}

/**
 * Tags the AWS Load Balancer Controller and EKS read. Every load balancer, public or internal, lives
 * in the ingress tier, so the only paths into a private tier from a load balancer are the
 * `lb-to-gateway` flows (to the mesh gateway's node ports); private tiers never host load balancer
 * interfaces.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/network-load-balancing.html#_subnet_tagging
 */
function subnetRoleTags(tier: Tier): Record<string, string> {
  return tier === "ingress" ? { "kubernetes.io/role/elb": "1", "kubernetes.io/role/internal-elb": "1" } : {};
}

export { PRIVATE_TIERS, WORKLOAD_TIERS, type WorkloadTier };
