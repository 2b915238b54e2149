/**
 * Reads RBAC cases from JSON (the format cli/verify/CLUSTER.md documents, "RBAC cases"). Every problem is
 * an Error whose message names the field, the value and what was expected.
 */
import { isObject } from "../network/props";
import { bad, parseCaseList, text } from "./parse";
import type { RbacCase } from "./rbac";

/** Kubernetes resource names are lower case; a subresource follows one slash (`pods/log`). */
const RESOURCE = /^[a-z][a-z0-9.-]*(\/[a-z][a-z0-9-]*)?$/;

export function parseRbacCase(v: unknown, where: string): RbacCase {
  if (!isObject(v)) throw bad(where, v, "an RBAC case object");
  const id = text(v, "id", where)!;
  const groups = v.groups;
  if (!Array.isArray(groups) || groups.length === 0 || groups.some((g) => typeof g !== "string" || g === ""))
    throw bad(`${where}.groups`, groups, 'a non-empty array of group names, e.g. ["rampart:audit-view"]');
  const verb = text(v, "verb", where)!;
  const resource = text(v, "resource", where)!;
  if (!RESOURCE.test(resource))
    throw bad(
      `${where}.resource`,
      resource,
      'a resource, optionally with its subresource ("pods", "pods/log")',
    );
  const apiGroup = v.apiGroup;
  if (apiGroup !== undefined && typeof apiGroup !== "string")
    throw bad(`${where}.apiGroup`, apiGroup, 'an API group ("" is the core group)');
  const expect = v.expect;
  if (expect !== "allow" && expect !== "deny") throw bad(`${where}.expect`, expect, '"allow" or "deny"');
  const namespace = text(v, "namespace", where, true);
  const name = text(v, "name", where, true);
  const cite = text(v, "cite", where, expect === "deny");
  const description = text(v, "description", where, true);
  return {
    id,
    ...(description ? { description } : {}),
    groups: groups as string[],
    verb,
    ...(apiGroup ? { apiGroup } : {}),
    resource,
    ...(name ? { name } : {}),
    ...(namespace ? { namespace } : {}),
    expect,
    ...(cite ? { cite } : {}),
  };
}

/** `[case, ...]` or `{"rbac": [case, ...]}` -> RBAC cases; ids must be unique. */
export function parseRbacCases(json: unknown): RbacCase[] {
  return parseCaseList(json, "rbac", "RBAC cases", parseRbacCase);
}
