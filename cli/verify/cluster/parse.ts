/**
 * Reads cluster cases from JSON (the format cli/verify/CLUSTER.md documents). Every problem is an Error
 * whose message names the field, the value and what was expected.
 */
import { parseIp } from "../network/ip";
import { isObject } from "../network/props";
import type { ClusterCase, ClusterClient, ClusterTarget } from "./types";

export const bad = (where: string, v: unknown, expected: string) =>
  new Error(`${where}: ${JSON.stringify(v) ?? "missing"} is not valid; expected ${expected}`);

export function text(
  o: Record<string, unknown>,
  key: string,
  where: string,
  optional = false,
): string | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== "string" || v === "") throw bad(`${where}.${key}`, v, "a non-empty string");
  return v;
}

function flag(o: Record<string, unknown>, key: string, where: string): boolean | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== "boolean") throw bad(`${where}.${key}`, v, "true or false");
  return v;
}

function labels(v: unknown, where: string, optional: boolean): Record<string, string> | undefined {
  if (v === undefined && optional) return undefined;
  if (!isObject(v) || Object.values(v).some((x) => typeof x !== "string"))
    throw bad(where, v, 'an object of string label values, e.g. {"app": "llm"}');
  return v as Record<string, string>;
}

function client(v: unknown, where: string): ClusterClient {
  if (!isObject(v))
    throw bad(where, v, 'an object like {"namespace": "istio-ingress", "serviceAccount": "istio-ingress"}');
  const sa = text(v, "serviceAccount", where, true);
  const l = labels(v.labels, `${where}.labels`, true);
  const sidecar = flag(v, "sidecar", where);
  const jwt = flag(v, "jwt", where);
  const subject = text(v, "subject", where, true);
  const ip = text(v, "ip", where, true);
  if (ip !== undefined && parseIp(ip) === undefined)
    throw bad(`${where}.ip`, ip, 'an IPv4 address, e.g. "10.0.32.10"');
  return {
    namespace: ip !== undefined ? (text(v, "namespace", where, true) ?? "") : text(v, "namespace", where)!,
    ...(ip !== undefined ? { ip } : {}),
    ...(sa ? { serviceAccount: sa } : {}),
    ...(l ? { labels: l } : {}),
    ...(sidecar !== undefined ? { sidecar } : {}),
    ...(jwt !== undefined ? { jwt } : {}),
    ...(subject ? { subject } : {}),
  };
}

function target(v: unknown, where: string): ClusterTarget {
  if (!isObject(v))
    throw bad(where, v, 'an object like {"namespace": "inference", "labels": {"app": "llm"}, "port": 8000}');
  const port = v.port;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535)
    throw bad(`${where}.port`, port, "an integer from 1 to 65535");
  const method = text(v, "method", where, true);
  const path = text(v, "path", where, true);
  if (path !== undefined && !path.startsWith("/"))
    throw bad(`${where}.path`, path, 'a path starting with "/"');
  const host = text(v, "host", where, true);
  return {
    namespace: text(v, "namespace", where)!,
    labels: labels(v.labels, `${where}.labels`, false)!,
    port,
    ...(method ? { method } : {}),
    ...(path ? { path } : {}),
    ...(host ? { host } : {}),
  };
}

export function parseClusterCase(v: unknown, where: string): ClusterCase {
  if (!isObject(v)) throw bad(where, v, "a cluster case object");
  const id = text(v, "id", where)!;
  const expect = v.expect;
  if (expect !== "allow" && expect !== "deny") throw bad(`${where}.expect`, expect, '"allow" or "deny"');
  const cite = text(v, "cite", where, expect === "deny");
  const description = text(v, "description", where, true);
  return {
    id,
    ...(description ? { description } : {}),
    from: client(v.from, `${where}.from`),
    to: target(v.to, `${where}.to`),
    expect,
    ...(cite ? { cite } : {}),
  };
}

/**
 * `[case, ...]` or `{"<key>": [case, ...]}` -> cases, each read by `parse` at `<key>[i]`; ids must be
 * unique. `kind` names the cases in the message (`cluster cases`).
 */
export function parseCaseList<T extends { readonly id: string }>(
  json: unknown,
  key: string,
  kind: string,
  parse: (v: unknown, where: string) => T,
): T[] {
  const list = isObject(json) ? json[key] : json;
  const where = isObject(json) ? key : "(root)";
  if (!Array.isArray(list)) throw bad(where, list, `an array of ${kind} (or {"${key}": [...]})`);
  const cases = list.map((v, i) => parse(v, `${key}[${i}]`));
  const seen = new Set<string>();
  cases.forEach((c, i) => {
    if (seen.has(c.id)) throw bad(`${key}[${i}].id`, c.id, "an id no other case uses");
    seen.add(c.id);
  });
  return cases;
}

/** `[case, ...]` or `{"cluster": [case, ...]}` -> cluster cases; ids must be unique. */
export function parseClusterCases(json: unknown): ClusterCase[] {
  return parseCaseList(json, "cluster", "cluster cases", parseClusterCase);
}
