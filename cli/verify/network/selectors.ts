/**
 * Endpoint selectors → placements: the concrete interfaces (one per subnet and group set) or networks a
 * flow case names. A selector that matches nothing is an error the verdict reports (undecidable), never
 * an empty, vacuously allowed set.
 */
import type { Addr } from "./addr";
import { listEnis, type Eni } from "./enis";
import { parseCidr } from "./ip";
import type { Placement } from "./path";
import { subnetOf } from "./routing";
import type { Subnet, Topology } from "./topology";
import type { Endpoint, SubnetSelector } from "./types";

/** A public documentation address (RFC 5737 TEST-NET-2) standing for "some host on the internet". */
export const INTERNET_HOST = "198.51.100.10";

export function matchSubnets(t: Topology, sel: SubnetSelector): Subnet[] {
  return [...t.subnets.values()].filter(
    (s) =>
      Object.entries(sel.tags ?? {}).every(([k, v]) => s.tags[k] === v) &&
      (sel.names === undefined || sel.names.some((n) => n === s.id || n === s.name || n === s.tags.Name)),
  );
}

/** Resolves group names (URN name, Name tag) or ids to ids; unknown names stay as given (and fail later). */
function groupIds(t: Topology, refs: readonly string[]): string[] {
  return refs.map((ref) => {
    if (t.securityGroups.has(ref)) return ref;
    for (const g of t.securityGroups.values()) if (g.name === ref) return g.id;
    return ref;
  });
}

function fromEni(t: Topology, e: Eni): Placement {
  const s = t.subnets.get(e.subnetId);
  const addr: Addr = s ? { kind: "cidr", cidr: s.cidr } : { kind: "cidr", cidr: parseCidr("0.0.0.0/32")! };
  const label = `${e.owner} in ${s?.name ?? e.subnetId}`;
  return {
    label,
    kind: "eni",
    subnetId: e.subnetId,
    addr,
    sg: { label, sgIds: e.sgIds, noSecurityGroups: e.noSecurityGroups, unknownGroups: e.unknownGroups },
    publicIp: e.publicIp,
  };
}

const outside = (label: string, kind: "external" | "internet", cidr: string, domain?: string): Placement => ({
  label,
  kind,
  addr: { kind: "cidr", cidr: parseCidr(cidr)! },
  sg: { label, sgIds: [] },
  publicIp: kind === "internet",
  domain,
});

/** Placements for an endpoint, or an error naming what matched nothing. */
export function resolveEndpoint(
  t: Topology,
  e: Endpoint,
  enis: readonly Eni[] = listEnis(t),
): Placement[] | string {
  const none = (what: string) => `${what} matches nothing in the export`;
  const eniSet = (list: Eni[], what: string) =>
    list.length > 0 ? list.map((x) => fromEni(t, x)) : none(what);
  switch (e.kind) {
    case "subnets": {
      const subnets = matchSubnets(t, e.subnets);
      if (subnets.length === 0) return none(`subnets ${JSON.stringify(e.subnets)}`);
      if (e.securityGroups === undefined) {
        const ids = new Set(subnets.map((s) => s.id));
        return eniSet(
          enis.filter((x) => ids.has(x.subnetId)),
          `interfaces in subnets ${JSON.stringify(e.subnets)}`,
        );
      }
      const sgIds = groupIds(t, e.securityGroups);
      return subnets.map((s) => {
        const groups = sgIds.map((id) => t.securityGroups.get(id)?.name ?? id).join(", ");
        const label = groups
          ? `an interface with ${groups} in ${s.name}`
          : `an interface in ${s.name} (no security group)`;
        return {
          label,
          kind: "eni",
          subnetId: s.id,
          addr: { kind: "cidr", cidr: s.cidr },
          sg: { label, sgIds },
          publicIp: false,
        };
      });
    }
    case "cidr": {
      const c = parseCidr(e.cidr);
      if (!c) return `cidr "${e.cidr}" is not an IPv4 CIDR`;
      if (
        subnetOf(t, { kind: "cidr", cidr: c }) ||
        [...t.vpcs.values()].some((v) => v.cidrs.some((x) => x.first <= c.last && c.first <= x.last))
      )
        return `cidr ${e.cidr} is inside the VPC; name its subnets instead`;
      return [outside(`network ${e.cidr}`, "external", e.cidr)];
    }
    case "internet":
      return [
        outside(
          e.domain ? `the internet (${e.domain})` : `the internet (${e.address ?? INTERNET_HOST})`,
          "internet",
          e.address ?? INTERNET_HOST,
          e.domain,
        ),
      ];
    case "eksControlPlane":
      return eniSet(
        enis.filter(
          (x) =>
            x.kind === "eksControlPlane" &&
            (e.cluster === undefined || x.tag === e.cluster || x.owner === e.cluster),
        ),
        `EKS control plane ${e.cluster ?? ""}`.trim(),
      );
    case "nodes": {
      const ids = e.subnets ? new Set(matchSubnets(t, e.subnets).map((s) => s.id)) : undefined;
      return eniSet(
        enis.filter(
          (x) =>
            x.kind === "nodes" &&
            (e.nodeGroup === undefined || x.tag === e.nodeGroup || x.owner === e.nodeGroup) &&
            (!ids || ids.has(x.subnetId)),
        ),
        `nodes ${e.nodeGroup ?? ""} ${e.subnets ? JSON.stringify(e.subnets) : ""}`.trim(),
      );
    }
    case "interfaceEndpoint":
      return eniSet(
        enis.filter((x) => x.kind === "interfaceEndpoint" && x.tag?.endsWith(`.${e.service}`)),
        `interface endpoint *.${e.service}`,
      );
    case "gatewayEndpoint": {
      const ep = t.gatewayEndpoints.find((g) => g.service.endsWith(`.${e.service}`));
      if (!ep) return none(`gateway endpoint *.${e.service}`);
      const label = `${e.service} through ${ep.name}`;
      return [
        {
          label,
          kind: "service",
          addr: { kind: "service", service: e.service, prefixListId: ep.prefixListId ?? ep.id },
          sg: { label, sgIds: [] },
          publicIp: true,
        },
      ];
    }
    case "loadBalancer":
      return eniSet(
        enis.filter(
          (x) =>
            x.kind === "loadBalancer" && (e.name === undefined || x.tag === e.name || x.owner === e.name),
        ),
        `load balancer ${e.name ?? ""}`.trim(),
      );
    case "resource":
      return eniSet(
        enis.filter((x) => x.owner === e.name || x.ownerUrn === e.name),
        `resource ${e.name}`,
      );
  }
}
