/**
 * The address set at one end of a packet: an ENI somewhere in its subnet (the subnet's block), an external
 * network, an internet host, or an AWS public service reached through a gateway endpoint, whose addresses
 * (the service's prefix list) are not in the export but are known to be public.
 */
import { isPrivate, overlap, type Cidr, type Overlap } from "./ip";

export type Addr =
  | { readonly kind: "cidr"; readonly cidr: Cidr }
  | { readonly kind: "service"; readonly service: string; readonly prefixListId?: string };

export const addrText = (a: Addr): string =>
  a.kind === "cidr" ? a.cidr.text : `${a.service} (${a.prefixListId ?? "its prefix list"})`;

/**
 * Does a rule's block cover the address set? For a service: `0.0.0.0/0` covers it, private space cannot,
 * any other block might cover part of the (unknown) prefix list.
 */
export function cidrMatch(rule: Cidr, a: Addr): Overlap {
  if (a.kind === "cidr") return overlap(rule, a.cidr);
  if (rule.prefix === 0) return "all";
  return isPrivate(rule) ? "none" : "some";
}
