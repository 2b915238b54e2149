/**
 * Where the nodes can pull from, read from the export: the stack's account and Region, and for each VPC
 * the nodes run in, its VPC endpoints and the domain allow-list of its Network Firewall.
 */
import { arnAccount } from "../iam/match";
import { isObject, objs, props, str, strs, urnName } from "../network/props";
import type { ExportResource } from "./types";

export interface EndpointInfo {
  readonly name: string;
  /** `com.amazonaws.us-east-1.ecr.dkr` */
  readonly serviceName: string;
  /** `Interface`, `Gateway` or `GatewayLoadBalancer`. */
  readonly type: string;
  readonly privateDns: boolean;
}

export interface AllowList {
  /** The firewall (URN name) whose policy references the list. */
  readonly firewall: string;
  /** Domains its ALLOWLIST rule groups admit for TLS (SNI): registries are pulled over HTTPS. */
  readonly tlsDomains: readonly string[];
  /** Rule groups the policy references that are not in the export. */
  readonly missingGroups: readonly string[];
}

export interface VpcEgress {
  readonly id: string;
  readonly name: string;
  readonly endpoints: readonly EndpointInfo[];
  readonly allowLists: readonly AllowList[];
}

export interface Egress {
  readonly region?: string;
  readonly account?: string;
  /** The VPCs the nodes pull from: those of the node groups and clusters, else every VPC in the export. */
  readonly vpcs: readonly VpcEgress[];
}

function mostCommon(values: readonly (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

const ofType = (resources: readonly ExportResource[], type: string) =>
  resources.filter((r) => r.type === type);

/** Matches a reference (id, ARN, URN or name) to a resource. */
function refersTo(r: ExportResource, ref: string | undefined): boolean {
  if (!ref) return false;
  const p = props(r);
  return [r.id, r.urn, urnName(r.urn), str(p.arn), str(p.name)].includes(ref);
}

function nodeVpcIds(resources: readonly ExportResource[]): Set<string> {
  const subnetVpc = new Map<string, string>();
  for (const s of ofType(resources, "aws:ec2/subnet:Subnet")) {
    const vpc = str(props(s).vpcId);
    if (s.id && vpc) subnetVpc.set(s.id, vpc);
  }
  const ids = new Set<string>();
  for (const g of ofType(resources, "aws:eks/nodeGroup:NodeGroup"))
    for (const s of strs(props(g).subnetIds)) if (subnetVpc.has(s)) ids.add(subnetVpc.get(s)!);
  for (const c of ofType(resources, "aws:eks/cluster:Cluster")) {
    const cfg = props(c).vpcConfig;
    const vpc = isObject(cfg) ? str(cfg.vpcId) : undefined;
    if (vpc) ids.add(vpc);
    for (const s of isObject(cfg) ? strs(cfg.subnetIds) : [])
      if (subnetVpc.has(s)) ids.add(subnetVpc.get(s)!);
  }
  return ids;
}

function allowLists(resources: readonly ExportResource[], vpcId: string, onlyVpc: boolean): AllowList[] {
  const lists: AllowList[] = [];
  for (const fw of ofType(resources, "aws:networkfirewall/firewall:Firewall")) {
    const p = props(fw);
    const fwVpc = str(p.vpcId);
    if (fwVpc !== vpcId && !(fwVpc === undefined && onlyVpc)) continue;
    const policy = ofType(resources, "aws:networkfirewall/firewallPolicy:FirewallPolicy").find((x) =>
      refersTo(x, str(p.firewallPolicyArn)),
    );
    const body = policy && isObject(props(policy).firewallPolicy) ? props(policy).firewallPolicy : undefined;
    const tlsDomains: string[] = [];
    const missingGroups: string[] = [];
    for (const ref of isObject(body) ? objs(body.statefulRuleGroupReferences) : []) {
      const arn = str(ref.resourceArn);
      const group = ofType(resources, "aws:networkfirewall/ruleGroup:RuleGroup").find((g) =>
        refersTo(g, arn),
      );
      if (!group) {
        missingGroups.push(arn ?? "(no ARN)");
        continue;
      }
      const rg = props(group).ruleGroup;
      const src = isObject(rg) && isObject(rg.rulesSource) ? rg.rulesSource : {};
      const list = isObject(src.rulesSourceList) ? src.rulesSourceList : undefined;
      if (list && str(list.generatedRulesType) === "ALLOWLIST" && strs(list.targetTypes).includes("TLS_SNI"))
        tlsDomains.push(...strs(list.targets));
    }
    lists.push({ firewall: urnName(fw.urn), tlsDomains: [...new Set(tlsDomains)], missingGroups });
  }
  return lists;
}

export function readEgress(resources: readonly ExportResource[]): Egress {
  const region = mostCommon(ofType(resources, "pulumi:providers:aws").map((r) => str(props(r).region)));
  const account = mostCommon(resources.map((r) => arnAccount(str(props(r).arn) ?? "")));
  const allVpcs = ofType(resources, "aws:ec2/vpc:Vpc").filter((v) => v.id);
  const nodes = nodeVpcIds(resources);
  const chosen = nodes.size > 0 ? allVpcs.filter((v) => nodes.has(v.id!)) : allVpcs;
  const vpcs = chosen.map((v): VpcEgress => {
    const endpoints = ofType(resources, "aws:ec2/vpcEndpoint:VpcEndpoint")
      .filter((e) => str(props(e).vpcId) === v.id)
      .map((e) => {
        const p = props(e);
        return {
          name: urnName(e.urn),
          serviceName: str(p.serviceName) ?? "",
          type: str(p.vpcEndpointType) ?? "Gateway",
          privateDns: p.privateDnsEnabled === true,
        };
      });
    return {
      id: v.id!,
      name: urnName(v.urn),
      endpoints,
      allowLists: allowLists(resources, v.id!, allVpcs.length === 1),
    };
  });
  return { region, account, vpcs };
}
