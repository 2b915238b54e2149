/**
 * Indexes a stack export into the network objects AWS evaluates: VPCs, subnets, route tables, network
 * ACLs, security groups (with every way a rule can be written), gateways, endpoints and firewalls.
 * Rules written twice (inline on the parent and as a separate resource, as a refreshed export holds them)
 * are harmless: route and NACL entries are keyed, security-group rules are a union.
 */
import { parseCidr, type Cidr } from "./ip";
import { hasUnknown, num, objs, props, protocolOf, str, strs, tagsOf, urnName, type Props } from "./props";
import { readPrefixLists, readSecurityGroups, type SecurityGroup } from "./sgRules";
import type { ExportResource } from "./types";

export interface Subnet {
  readonly id: string;
  readonly name: string;
  readonly vpcId?: string;
  readonly cidr: Cidr;
  readonly tags: Record<string, string>;
  readonly mapPublicIp: boolean;
}

export interface Vpc {
  readonly id: string;
  readonly name: string;
  readonly cidrs: Cidr[];
  mainRouteTableId?: string;
  defaultNaclId?: string;
}

export type RouteTarget =
  | { kind: "local" }
  | { kind: "igw" | "nat" | "vpce" | "tgw" | "vgw" | "peering" | "eni" | "other"; id: string };

export interface Route {
  readonly cidr?: Cidr;
  readonly prefixListId?: string;
  readonly target: RouteTarget;
  readonly text: string;
}

export interface RouteTable {
  readonly id: string;
  name: string;
  vpcId?: string;
  /** Keyed by destination: a route written inline and as a resource is one route. */
  readonly routes: Map<string, Route>;
}

export interface NaclEntry {
  readonly ruleNo: number;
  readonly egress: boolean;
  readonly allow: boolean;
  readonly protocol: "all" | "tcp" | "udp" | "icmp" | "other";
  /** Undefined for an IPv6 entry, which never matches our IPv4 flows. */
  readonly cidr?: Cidr;
  readonly from: number;
  readonly to: number;
}

export interface Nacl {
  readonly id: string;
  name: string;
  /** Keyed by `egress:ruleNo`: the number is unique per direction. */
  readonly entries: Map<string, NaclEntry>;
  /** The AWS-created default NACL with rules we do not have (allow all), when no resource manages it. */
  implicitDefault?: boolean;
}

export interface GatewayEndpoint {
  readonly id: string;
  readonly name: string;
  readonly service: string;
  readonly prefixListId?: string;
  readonly routeTableIds: Set<string>;
}

export interface InterfaceEndpoint {
  readonly id: string;
  readonly name: string;
  readonly service: string;
  readonly subnetIds: string[];
  readonly sgIds: string[];
}

export interface NatGateway {
  readonly id: string;
  readonly name: string;
  readonly subnetId: string;
  readonly isPublic: boolean;
}

export interface Firewall {
  readonly name: string;
  readonly policyArn?: string;
  readonly vpcId?: string;
  /** Firewall endpoint id (`vpce-...`) → the firewall subnet it lives in. */
  readonly endpoints: Map<string, string>;
}

export interface Topology {
  readonly resources: readonly ExportResource[];
  readonly vpcs: Map<string, Vpc>;
  readonly subnets: Map<string, Subnet>;
  readonly routeTables: Map<string, RouteTable>;
  /** Subnet id → route table id (explicit associations). */
  readonly subnetRouteTable: Map<string, string>;
  readonly nacls: Map<string, Nacl>;
  /** Subnet id → NACL id (explicit associations). */
  readonly subnetNacl: Map<string, string>;
  readonly securityGroups: Map<string, SecurityGroup>;
  /** Customer-managed prefix lists: id → blocks. */
  readonly prefixLists: Map<string, Cidr[]>;
  readonly igws: Map<string, string>;
  readonly natGateways: Map<string, NatGateway>;
  readonly gatewayEndpoints: GatewayEndpoint[];
  readonly interfaceEndpoints: InterfaceEndpoint[];
  readonly firewalls: Firewall[];
  /** By ARN: firewall policies and rule groups (their `firewallPolicy` / `ruleGroup` bodies). */
  readonly firewallDocs: Map<string, Props>;
  /** Things the export says that the evaluator cannot model; they make affected paths undecidable. */
  readonly problems: string[];
  /** Resource name for an id, for readable hops. */
  readonly names: Map<string, string>;
}

const idOf = (r: ExportResource): string | undefined => str(r.id);

function routeFrom(p: Props, cidrKey: string, igws: Map<string, string>): Route | undefined {
  const cidrText = str(p[cidrKey]);
  const prefixListId = str(p.destinationPrefixListId);
  if (cidrText === undefined && prefixListId === undefined) return undefined; // IPv6-only route
  const cidr = cidrText !== undefined ? parseCidr(cidrText) : undefined;
  let target: RouteTarget = { kind: "other", id: "an unknown target" };
  const gw = str(p.gatewayId);
  if (gw === "local") target = { kind: "local" };
  else if (gw !== undefined)
    target = {
      kind: igws.has(gw) || gw.startsWith("igw-") ? "igw" : gw.startsWith("vgw-") ? "vgw" : "other",
      id: gw,
    };
  else if (str(p.natGatewayId)) target = { kind: "nat", id: str(p.natGatewayId)! };
  else if (str(p.vpcEndpointId)) target = { kind: "vpce", id: str(p.vpcEndpointId)! };
  else if (str(p.transitGatewayId)) target = { kind: "tgw", id: str(p.transitGatewayId)! };
  else if (str(p.vpcPeeringConnectionId)) target = { kind: "peering", id: str(p.vpcPeeringConnectionId)! };
  else if (str(p.networkInterfaceId)) target = { kind: "eni", id: str(p.networkInterfaceId)! };
  const dest = cidrText ?? prefixListId!;
  const to = target.kind === "local" ? "local" : target.id;
  return {
    cidr,
    prefixListId: cidrText === undefined ? prefixListId : undefined,
    target,
    text: `${dest} -> ${to}`,
  };
}

function naclEntry(p: Props, egress: boolean): NaclEntry | undefined {
  const ruleNo = num(p.ruleNo ?? p.ruleNumber);
  const protocol = protocolOf(p.protocol);
  const action = str(p.action ?? p.ruleAction)?.toLowerCase();
  if (ruleNo === undefined || protocol === undefined || (action !== "allow" && action !== "deny"))
    return undefined;
  const cidrText = str(p.cidrBlock);
  return {
    ruleNo,
    egress,
    allow: action === "allow",
    protocol,
    cidr: cidrText !== undefined ? parseCidr(cidrText) : undefined,
    from: num(p.fromPort) ?? 0,
    to: num(p.toPort) ?? 65535,
  };
}

/** Builds the topology. Never throws on odd shapes: what it cannot read is listed in `problems`. */
export function buildTopology(resources: readonly ExportResource[]): Topology {
  const t: Topology = {
    resources,
    vpcs: new Map(),
    subnets: new Map(),
    routeTables: new Map(),
    subnetRouteTable: new Map(),
    nacls: new Map(),
    subnetNacl: new Map(),
    securityGroups: new Map(),
    prefixLists: readPrefixLists(resources),
    igws: new Map(),
    natGateways: new Map(),
    gatewayEndpoints: [],
    interfaceEndpoints: [],
    firewalls: [],
    firewallDocs: new Map(),
    problems: [],
    names: new Map(),
  };
  const live = resources.filter((r) => !(r as { delete?: boolean }).delete);
  for (const r of live) {
    const id = idOf(r);
    if (id !== undefined) t.names.set(id, urnName(r.urn));
  }
  const byType = (type: string) => live.filter((r) => r.type === type);
  const table = (id: string, name?: string): RouteTable => {
    let rt = t.routeTables.get(id);
    if (!rt) t.routeTables.set(id, (rt = { id, name: name ?? t.names.get(id) ?? id, routes: new Map() }));
    if (name !== undefined) rt.name = name;
    return rt;
  };
  const nacl = (id: string, name?: string): Nacl => {
    let n = t.nacls.get(id);
    if (!n) t.nacls.set(id, (n = { id, name: name ?? t.names.get(id) ?? id, entries: new Map() }));
    if (name !== undefined) n.name = name;
    return n;
  };
  const addRoute = (rt: RouteTable, route: Route | undefined, where: string) => {
    if (!route) return;
    if (route.cidr === undefined && route.prefixListId === undefined) {
      t.problems.push(`${where}: route ${route.text} has an unreadable destination`);
      return;
    }
    rt.routes.set(route.cidr?.text ?? route.prefixListId!, route);
  };
  const addEntry = (n: Nacl, e: NaclEntry | undefined, where: string) => {
    if (!e) t.problems.push(`${where}: a NACL entry without a readable rule number, protocol or action`);
    else n.entries.set(`${e.egress}:${e.ruleNo}`, e);
  };

  for (const r of byType("aws:ec2/internetGateway:InternetGateway")) {
    const id = idOf(r);
    if (id) t.igws.set(id, urnName(r.urn));
  }
  for (const r of byType("aws:ec2/vpc:Vpc")) {
    const p = props(r);
    const id = idOf(r);
    const cidr = parseCidr(str(p.cidrBlock) ?? "");
    if (!id || !cidr) {
      t.problems.push(`${urnName(r.urn)}: VPC without a readable id or IPv4 CIDR`);
      continue;
    }
    t.vpcs.set(id, {
      id,
      name: urnName(r.urn),
      cidrs: [cidr],
      mainRouteTableId: str(p.mainRouteTableId),
      defaultNaclId: str(p.defaultNetworkAclId),
    });
  }
  for (const r of byType("aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation")) {
    const p = props(r);
    const cidr = parseCidr(str(p.cidrBlock) ?? "");
    const vpc = t.vpcs.get(str(p.vpcId) ?? "");
    if (vpc && cidr) vpc.cidrs.push(cidr);
    else t.problems.push(`${urnName(r.urn)}: secondary CIDR not readable`);
  }
  for (const r of byType("aws:ec2/subnet:Subnet")) {
    const p = props(r);
    const id = idOf(r);
    const cidr = parseCidr(str(p.cidrBlock) ?? "");
    if (!id || !cidr) {
      t.problems.push(`${urnName(r.urn)}: subnet without a readable id or IPv4 CIDR`);
      continue;
    }
    t.subnets.set(id, {
      id,
      name: urnName(r.urn),
      vpcId: str(p.vpcId),
      cidr,
      tags: tagsOf(p),
      mapPublicIp: p.mapPublicIpOnLaunch === true,
    });
  }

  // Route tables: inline routes, DefaultRouteTable (the VPC's main table), Route resources, associations.
  for (const r of byType("aws:ec2/routeTable:RouteTable")) {
    const p = props(r);
    const id = idOf(r);
    if (!id) continue;
    const rt = table(id, urnName(r.urn));
    rt.vpcId = str(p.vpcId);
    for (const route of objs(p.routes)) addRoute(rt, routeFrom(route, "cidrBlock", t.igws), rt.name);
  }
  for (const r of byType("aws:ec2/defaultRouteTable:DefaultRouteTable")) {
    const p = props(r);
    const id = str(p.defaultRouteTableId);
    if (!id) continue;
    const rt = table(id, urnName(r.urn));
    for (const route of objs(p.routes)) addRoute(rt, routeFrom(route, "cidrBlock", t.igws), rt.name);
    for (const vpc of t.vpcs.values()) if (vpc.mainRouteTableId === id) rt.vpcId = vpc.id;
  }
  for (const r of byType("aws:ec2/route:Route")) {
    const p = props(r);
    const rtId = str(p.routeTableId);
    if (!rtId) {
      t.problems.push(`${urnName(r.urn)}: route without a route table`);
      continue;
    }
    addRoute(table(rtId), routeFrom(p, "destinationCidrBlock", t.igws), urnName(r.urn));
  }
  for (const r of byType("aws:ec2/routeTableAssociation:RouteTableAssociation")) {
    const p = props(r);
    const subnetId = str(p.subnetId);
    const rtId = str(p.routeTableId);
    if (subnetId && rtId) t.subnetRouteTable.set(subnetId, rtId);
    else if (str(p.gatewayId))
      t.problems.push(`${urnName(r.urn)}: gateway (edge) route table associations are not modelled`);
    else t.problems.push(`${urnName(r.urn)}: association without a readable subnet and route table`);
  }
  for (const r of byType("aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation")) {
    const p = props(r);
    const vpc = t.vpcs.get(str(p.vpcId) ?? "");
    if (vpc && str(p.routeTableId)) vpc.mainRouteTableId = str(p.routeTableId);
  }

  // NACLs: inline entries, DefaultNetworkAcl, NetworkAclRule resources, subnetIds and associations.
  const naclTypes = ["aws:ec2/networkAcl:NetworkAcl", "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl"];
  for (const type of naclTypes) {
    for (const r of byType(type)) {
      const p = props(r);
      const id = type.endsWith("DefaultNetworkAcl") ? str(p.defaultNetworkAclId) : idOf(r);
      if (!id) continue;
      const n = nacl(id, urnName(r.urn));
      for (const e of objs(p.ingress)) addEntry(n, naclEntry(e, false), n.name);
      for (const e of objs(p.egress)) addEntry(n, naclEntry(e, true), n.name);
      for (const s of strs(p.subnetIds)) t.subnetNacl.set(s, id);
    }
  }
  for (const r of byType("aws:ec2/networkAclRule:NetworkAclRule")) {
    const p = props(r);
    const id = str(p.networkAclId);
    if (id) addEntry(nacl(id), naclEntry(p, p.egress === true), urnName(r.urn));
  }
  for (const r of byType("aws:ec2/networkAclAssociation:NetworkAclAssociation")) {
    const p = props(r);
    if (str(p.subnetId) && str(p.networkAclId)) t.subnetNacl.set(str(p.subnetId)!, str(p.networkAclId)!);
  }

  for (const sg of readSecurityGroups(live, t.names, t.problems)) t.securityGroups.set(sg.id, sg);

  for (const r of byType("aws:ec2/natGateway:NatGateway")) {
    const p = props(r);
    const id = idOf(r);
    const subnetId = str(p.subnetId);
    if (id && subnetId)
      t.natGateways.set(id, {
        id,
        name: urnName(r.urn),
        subnetId,
        isPublic: (str(p.connectivityType) ?? "public") === "public",
      });
  }
  for (const r of byType("aws:ec2/vpcEndpoint:VpcEndpoint")) {
    const p = props(r);
    const id = idOf(r);
    const service = str(p.serviceName);
    if (!id || !service) continue;
    const kind = str(p.vpcEndpointType) ?? "Gateway";
    if (kind === "Gateway")
      t.gatewayEndpoints.push({
        id,
        name: urnName(r.urn),
        service,
        prefixListId: str(p.prefixListId),
        routeTableIds: new Set(strs(p.routeTableIds)),
      });
    else if (kind === "Interface")
      t.interfaceEndpoints.push({
        id,
        name: urnName(r.urn),
        service,
        subnetIds: strs(p.subnetIds),
        sgIds: strs(p.securityGroupIds),
      });
  }
  for (const r of byType("aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation")) {
    const p = props(r);
    const ep = t.gatewayEndpoints.find((e) => e.id === str(p.vpcEndpointId));
    if (ep && str(p.routeTableId)) ep.routeTableIds.add(str(p.routeTableId)!);
  }
  for (const r of byType("aws:networkfirewall/firewall:Firewall")) {
    const p = props(r);
    const endpoints = new Map<string, string>();
    for (const status of objs(p.firewallStatuses))
      for (const sync of objs(status.syncStates))
        for (const a of objs(sync.attachments))
          if (str(a.endpointId) && str(a.subnetId)) endpoints.set(str(a.endpointId)!, str(a.subnetId)!);
    t.firewalls.push({
      name: urnName(r.urn),
      policyArn: str(p.firewallPolicyArn),
      vpcId: str(p.vpcId),
      endpoints,
    });
  }
  for (const type of [
    "aws:networkfirewall/firewallPolicy:FirewallPolicy",
    "aws:networkfirewall/ruleGroup:RuleGroup",
  ]) {
    for (const r of byType(type)) {
      const p = props(r);
      const arn = str(p.arn);
      if (arn) t.firewallDocs.set(arn, p);
    }
  }

  // The VPC's default NACL allows everything until someone manages it.
  // https://docs.aws.amazon.com/vpc/latest/userguide/default-network-acl.html
  for (const vpc of t.vpcs.values()) {
    if (vpc.defaultNaclId && !t.nacls.has(vpc.defaultNaclId)) nacl(vpc.defaultNaclId).implicitDefault = true;
  }
  for (const r of live)
    if (/^aws:ec2\//.test(r.type) && hasUnknown(r.outputs))
      t.problems.push(`${urnName(r.urn)}: has values unknown until apply`);
  return t;
}

/** The VPC a subnet belongs to (the only VPC when the subnet does not say). */
export function vpcOfSubnet(t: Topology, subnet: Subnet): Vpc | undefined {
  if (subnet.vpcId) return t.vpcs.get(subnet.vpcId);
  return t.vpcs.size === 1 ? [...t.vpcs.values()][0] : undefined;
}
