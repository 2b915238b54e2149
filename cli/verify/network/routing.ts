/**
 * Route selection: the subnet's explicitly associated route table, else the VPC's main route table; the
 * most specific route that covers the destination wins (longest prefix match). Local routes cover the
 * VPC's CIDRs; more specific routes may override them (middlebox routing). A gateway endpoint adds a route
 * to its service's prefix list in each route table it is associated with.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/route-table-priority.html
 * @see https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
 */
import { isPrivate, overlap, type Cidr } from "./ip";
import type { Addr } from "./addr";
import { vpcOfSubnet, type Route, type Subnet, type Topology } from "./topology";

export type Lookup =
  | { readonly kind: "route"; readonly route: Route; readonly table: string }
  | { readonly kind: "none"; readonly table: string }
  | { readonly kind: "undecidable"; readonly table: string; readonly why: string };

export function routeTableOf(t: Topology, subnet: Subnet): { id?: string; name: string; routes: Route[] } {
  const vpc = vpcOfSubnet(t, subnet);
  const explicit = t.subnetRouteTable.get(subnet.id);
  const id = explicit ?? vpc?.mainRouteTableId;
  const rt = id ? t.routeTables.get(id) : undefined;
  const local: Route[] = (vpc?.cidrs ?? []).map((cidr) => ({
    cidr,
    target: { kind: "local" },
    text: `${cidr.text} -> local`,
  }));
  const endpointRoutes: Route[] = t.gatewayEndpoints
    .filter((e) => id !== undefined && e.routeTableIds.has(id))
    .map((e) => ({
      prefixListId: e.prefixListId ?? e.id,
      target: { kind: "vpce", id: e.id },
      text: `${e.prefixListId ?? "prefix list"} (${e.service}) -> ${e.name}`,
    }));
  const name =
    rt?.name ??
    (id ? `${t.names.get(id) ?? id} (main route table, not managed: local route only)` : "no route table");
  return {
    id,
    name: explicit ? name : `${name} (main)`,
    routes: [...local, ...(rt ? [...rt.routes.values()] : []), ...endpointRoutes],
  };
}

export function lookupRoute(t: Topology, subnet: Subnet, dst: Addr): Lookup {
  const rt = routeTableOf(t, subnet);
  let best: Route | undefined;
  let bestLen = -1;
  for (const r of rt.routes) {
    let len: number;
    if (r.prefixListId !== undefined) {
      const cidrs: Cidr[] | undefined = t.prefixLists.get(r.prefixListId);
      if (dst.kind === "service") {
        if (dst.prefixListId !== r.prefixListId) continue;
        len = 33; // a service's prefixes are all more specific than the /0 a default route uses
      } else if (cidrs) {
        const hit = cidrs.find((c) => overlap(c, dst.cidr) === "all");
        if (!hit) continue;
        len = hit.prefix;
      } else continue; // an AWS service prefix list never holds a private or documentation address we test
    } else {
      const c = r.cidr!;
      if (dst.kind === "service") {
        if (c.prefix === 0) len = 0;
        else if (isPrivate(c)) continue;
        else
          return {
            kind: "undecidable",
            table: rt.name,
            why: `route ${r.text} may cover part of ${dst.service}`,
          };
      } else {
        const m = overlap(c, dst.cidr);
        if (m === "none") continue;
        if (m === "some") {
          if (c.prefix > dst.cidr.prefix)
            return {
              kind: "undecidable",
              table: rt.name,
              why: `route ${r.text} covers only part of ${dst.cidr.text}`,
            };
          continue;
        }
        len = c.prefix;
      }
    }
    if (len > bestLen) {
      best = r;
      bestLen = len;
    }
  }
  return best ? { kind: "route", route: best, table: rt.name } : { kind: "none", table: rt.name };
}

export function subnetOf(t: Topology, addr: Addr): Subnet | undefined {
  if (addr.kind !== "cidr") return undefined;
  for (const s of t.subnets.values()) if (overlap(s.cidr, addr.cidr) === "all") return s;
  return undefined;
}
