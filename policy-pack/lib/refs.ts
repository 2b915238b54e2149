import type { PolicyResource } from "@pulumi/policy";
import { seen, UNSEEN } from "./unknown";
import { asList } from "./values";

/**
 * Does `from` point at `to` through its property `prop` (a flow log's `vpcId`, a versioning resource's
 * `bucket`)? Checked the ways a stack shows it: the property's dependencies (`propertyDependencies`), the
 * resource's dependencies when no per-property ones were recorded, or the property's value equal to one of
 * `to`'s identifying outputs (`id`, `arn`, `bucket`, `name`...). Returns `undefined` when the property is
 * unknown and no dependency settles it: the caller cannot see, and must say nothing.
 */
export function refersTo(
  from: PolicyResource,
  prop: string,
  to: PolicyResource,
  idProps: readonly string[] = ["id", "arn"],
): boolean | undefined {
  const byProp = from.propertyDependencies?.[prop];
  if (byProp && byProp.some((d) => d.urn === to.urn)) return true;
  const noPropDeps = !byProp || byProp.length === 0;
  if (noPropDeps && (from.dependencies ?? []).some((d) => d.urn === to.urn)) return true;
  const value = seen(() => (prop in from.props ? from.props[prop] : undefined));
  if (value === UNSEEN) return undefined;
  const values = asList(value).filter((v): v is string => typeof v === "string");
  if (values.length === 0) return false;
  for (const key of idProps) {
    const id = seen(() => (key in to.props ? to.props[key] : undefined));
    if (typeof id === "string" && values.includes(id)) return true;
  }
  return false;
}

/** The string values of a property, or `UNSEEN` when it is unknown. */
export function stringsOf(r: PolicyResource, prop: string): string[] | typeof UNSEEN {
  const v = seen(() => (prop in r.props ? asList(r.props[prop]).map((x) => x) : []));
  if (v === UNSEEN) return UNSEEN;
  return v.filter((x): x is string => typeof x === "string");
}

/**
 * The resources among `candidates` whose `prop` points at `to`, and whether some candidate's target could
 * not be seen (unknown during preview): then a missing attachment is not proof of absence.
 */
export function attachedTo(
  to: PolicyResource,
  candidates: readonly PolicyResource[],
  prop: string,
  idProps?: readonly string[],
): { readonly attached: PolicyResource[]; readonly unseen: boolean } {
  const attached: PolicyResource[] = [];
  let unseen = false;
  for (const c of candidates) {
    const r = refersTo(c, prop, to, idProps);
    if (r === true) attached.push(c);
    else if (r === undefined) unseen = true;
  }
  return { attached, unseen };
}
