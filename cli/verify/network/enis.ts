/**
 * Which network interfaces the export implies, in which subnets, carrying which security groups. This is
 * where EKS's own behaviour is modelled, because the groups it attaches are not written in the export:
 * - control-plane ENIs go in `vpcConfig.subnetIds` and carry the cluster security group EKS creates plus
 *   `vpcConfig.securityGroupIds`;
 * - managed node groups carry the cluster security group only when their launch template names no
 *   security group; otherwise exactly the groups it names.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html
 */
import { parseCidr } from "./ip";
import { objs, props, str, strs, urnName, type Props } from "./props";
import type { SecurityGroup } from "./sgRules";
import type { Topology } from "./topology";
import type { ExportResource } from "./types";

export type EniKind =
  | "eksControlPlane"
  | "nodes"
  | "interfaceEndpoint"
  | "natGateway"
  | "loadBalancer"
  | "instance"
  | "networkInterface";

export interface Eni {
  readonly kind: EniKind;
  /** The resource that owns the interface (cluster, node group, endpoint...), by URN name. */
  readonly owner: string;
  readonly ownerUrn: string;
  readonly subnetId: string;
  readonly sgIds: readonly string[];
  /** Interfaces that carry no security group at all (NAT gateways, NLBs created without one). */
  readonly noSecurityGroups?: boolean;
  /** Why the groups above may be incomplete: verdicts that would need another group become undecidable. */
  readonly unknownGroups?: string;
  readonly publicIp: boolean;
  /** Cluster name (EKS `name`), node group name, endpoint service name, load balancer name. */
  readonly tag?: string;
}

const find = (t: Topology, type: string) => t.resources.filter((r) => r.type === type);

interface ClusterInfo {
  readonly r: ExportResource;
  readonly p: Props;
  readonly eksName: string;
  readonly clusterSgId?: string;
}

function clusters(t: Topology): ClusterInfo[] {
  return find(t, "aws:eks/cluster:Cluster").map((r) => {
    const p = props(r);
    const vpc = objs([p.vpcConfig])[0] ?? {};
    return {
      r,
      p,
      eksName: str(p.name) ?? urnName(r.urn),
      clusterSgId: str(vpc.clusterSecurityGroupId) ?? str(p.clusterSecurityGroupId),
    };
  });
}

/**
 * Adds the EKS-created cluster security group with its documented default rules (inbound all from itself;
 * outbound all to 0.0.0.0/0 and to itself), unless the export declares the group. Rules the export adds
 * to it (aws:vpc/securityGroupIngressRule on the cluster group's id) are kept.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html#security-group-default-rules
 */
export function modelClusterSecurityGroups(t: Topology): void {
  const all = parseCidr("0.0.0.0/0")!;
  for (const c of clusters(t)) {
    if (!c.clusterSgId) continue;
    let g: SecurityGroup | undefined = t.securityGroups.get(c.clusterSgId);
    if (g?.declared) continue;
    if (!g)
      t.securityGroups.set(
        c.clusterSgId,
        (g = { id: c.clusterSgId, name: c.clusterSgId, rules: [], declared: false }),
      );
    const source = `EKS cluster security group of ${c.eksName} (default rules, sec-group-reqs)`;
    g.name = `${c.clusterSgId} (EKS cluster security group)`;
    g.modelled = source;
    g.rules.push(
      { egress: false, protocol: "all", from: 0, to: 65535, peer: { kind: "sg", id: c.clusterSgId }, source },
      { egress: true, protocol: "all", from: 0, to: 65535, peer: { kind: "cidr", cidr: all }, source },
      { egress: true, protocol: "all", from: 0, to: 65535, peer: { kind: "sg", id: c.clusterSgId }, source },
    );
  }
}

function launchTemplateGroups(t: Topology, ref: Props): { sgIds: string[]; unknown?: string } | undefined {
  const id = str(ref.id);
  const name = str(ref.name);
  const lt = find(t, "aws:ec2/launchTemplate:LaunchTemplate").find((r) => {
    const p = props(r);
    return (id !== undefined && str(r.id) === id) || (name !== undefined && str(p.name) === name);
  });
  if (!lt) return { sgIds: [], unknown: `launch template ${id ?? name ?? "?"} is not in the export` };
  const p = props(lt);
  const sgIds = [
    ...strs(p.vpcSecurityGroupIds),
    ...objs(p.networkInterfaces).flatMap((n) => strs(n.securityGroups)),
  ];
  if (strs(p.securityGroupNames).length > 0)
    return { sgIds, unknown: `launch template ${urnName(lt.urn)} names groups by name (securityGroupNames)` };
  return { sgIds };
}

/** Every ENI the export implies. */
export function listEnis(t: Topology): Eni[] {
  const out: Eni[] = [];
  const clusterList = clusters(t);
  for (const c of clusterList) {
    const vpc = objs([c.p.vpcConfig])[0] ?? {};
    const sgIds = [...(c.clusterSgId ? [c.clusterSgId] : []), ...strs(vpc.securityGroupIds)];
    for (const subnetId of strs(vpc.subnetIds))
      out.push({
        kind: "eksControlPlane",
        owner: urnName(c.r.urn),
        ownerUrn: c.r.urn,
        subnetId,
        sgIds,
        unknownGroups: c.clusterSgId ? undefined : "the cluster security group id is not in the export",
        publicIp: false,
        tag: c.eksName,
      });
  }
  for (const r of find(t, "aws:eks/nodeGroup:NodeGroup")) {
    const p = props(r);
    const cluster = clusterList.find((c) => c.eksName === str(p.clusterName));
    const lt = objs([p.launchTemplate])[0];
    const named = lt ? launchTemplateGroups(t, lt) : undefined;
    let sgIds: string[];
    let unknownGroups = named?.unknown;
    if (named && named.sgIds.length > 0) sgIds = named.sgIds;
    else if (cluster?.clusterSgId) sgIds = [cluster.clusterSgId];
    else {
      sgIds = [];
      unknownGroups ??= `cluster ${str(p.clusterName) ?? "?"} or its security group is not in the export`;
    }
    if (objs([p.remoteAccess]).length > 0)
      unknownGroups ??= "remoteAccess makes EKS create an SSH security group that is not in the export";
    for (const subnetId of strs(p.subnetIds))
      out.push({
        kind: "nodes",
        owner: urnName(r.urn),
        ownerUrn: r.urn,
        subnetId,
        sgIds,
        unknownGroups,
        publicIp: t.subnets.get(subnetId)?.mapPublicIp === true,
        tag: str(p.nodeGroupName) ?? urnName(r.urn),
      });
  }
  for (const e of t.interfaceEndpoints)
    for (const subnetId of e.subnetIds)
      out.push({
        kind: "interfaceEndpoint",
        owner: e.name,
        ownerUrn: e.name,
        subnetId,
        sgIds: e.sgIds,
        // "If you do not specify a security group, we associate the default security group for the VPC."
        unknownGroups:
          e.sgIds.length === 0 ? "the endpoint uses the VPC's default security group" : undefined,
        publicIp: false,
        tag: e.service,
      });
  for (const n of t.natGateways.values())
    out.push({
      kind: "natGateway",
      owner: n.name,
      ownerUrn: n.name,
      subnetId: n.subnetId,
      sgIds: [],
      noSecurityGroups: true,
      publicIp: n.isPublic,
    });
  const lbTypes = [
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:alb/loadBalancer:LoadBalancer",
    "aws:elb/loadBalancer:LoadBalancer",
  ];
  for (const r of t.resources.filter((x) => lbTypes.includes(x.type))) {
    const p = props(r);
    const subnetIds = [
      ...strs(p.subnets),
      ...objs(p.subnetMappings).map((m) => str(m.subnetId) ?? ""),
    ].filter(Boolean);
    const sgIds = strs(p.securityGroups);
    const nlbWithoutGroups = str(p.loadBalancerType) === "network" && sgIds.length === 0;
    for (const subnetId of new Set(subnetIds))
      out.push({
        kind: "loadBalancer",
        owner: urnName(r.urn),
        ownerUrn: r.urn,
        subnetId,
        sgIds,
        noSecurityGroups: nlbWithoutGroups,
        unknownGroups:
          sgIds.length === 0 && !nlbWithoutGroups ? "the load balancer names no security group" : undefined,
        publicIp: p.internal !== true,
        tag: str(p.name) ?? urnName(r.urn),
      });
  }
  for (const r of find(t, "aws:ec2/instance:Instance")) {
    const p = props(r);
    const subnetId = str(p.subnetId);
    if (!subnetId) continue;
    out.push({
      kind: "instance",
      owner: urnName(r.urn),
      ownerUrn: r.urn,
      subnetId,
      sgIds: strs(p.vpcSecurityGroupIds),
      unknownGroups: strs(p.securityGroups).length > 0 ? "the instance names groups by name" : undefined,
      publicIp: p.associatePublicIpAddress === true || t.subnets.get(subnetId)?.mapPublicIp === true,
    });
  }
  for (const r of find(t, "aws:ec2/networkInterface:NetworkInterface")) {
    const p = props(r);
    const subnetId = str(p.subnetId);
    if (subnetId)
      out.push({
        kind: "networkInterface",
        owner: urnName(r.urn),
        ownerUrn: r.urn,
        subnetId,
        sgIds: strs(p.securityGroups),
        publicIp: false,
      });
  }
  return out;
}
