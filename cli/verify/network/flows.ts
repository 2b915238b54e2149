/**
 * Reads flow cases from JSON (the format cli/verify/FLOWS.md documents). Every problem is an Error whose
 * message names the field, the value and what was expected.
 */
import { parseCidr, parseIp } from "./ip";
import { isObject } from "./props";
import type { Endpoint, FlowCase, Layer, SubnetSelector } from "./types";

const KINDS = [
  "subnets",
  "cidr",
  "internet",
  "eksControlPlane",
  "nodes",
  "interfaceEndpoint",
  "gatewayEndpoint",
  "loadBalancer",
  "resource",
];
const LAYERS: Layer[] = ["sg", "nacl", "firewall"];

const bad = (where: string, v: unknown, expected: string) =>
  new Error(`${where}: ${JSON.stringify(v) ?? "missing"} is not valid; expected ${expected}`);

function string(
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

function strings(o: Record<string, unknown>, key: string, where: string): string[] | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string" || x === ""))
    throw bad(`${where}.${key}`, v, "an array of non-empty strings");
  return v as string[];
}

function subnetSelector(v: unknown, where: string): SubnetSelector {
  if (!isObject(v))
    throw bad(where, v, 'an object like {"tags": {"rampart:tier": "data"}} or {"names": [...]}');
  const tags = v.tags;
  if (tags !== undefined && (!isObject(tags) || Object.values(tags).some((x) => typeof x !== "string")))
    throw bad(`${where}.tags`, tags, "an object of string tag values");
  const names = strings(v, "names", where);
  if (tags === undefined && names === undefined) throw bad(where, v, "at least one of tags, names");
  return { ...(tags ? { tags: tags as Record<string, string> } : {}), ...(names ? { names } : {}) };
}

function endpoint(v: unknown, where: string): Endpoint {
  if (!isObject(v)) throw bad(where, v, `an object with "kind" (one of ${KINDS.join(", ")})`);
  const kind = v.kind;
  if (typeof kind !== "string" || !KINDS.includes(kind))
    throw bad(`${where}.kind`, kind, `one of ${KINDS.join(", ")}`);
  switch (kind) {
    case "subnets": {
      const securityGroups = strings(v, "securityGroups", where);
      return {
        kind,
        subnets: subnetSelector(v.subnets, `${where}.subnets`),
        ...(securityGroups ? { securityGroups } : {}),
      };
    }
    case "cidr": {
      const cidr = string(v, "cidr", where)!;
      if (!parseCidr(cidr)) throw bad(`${where}.cidr`, cidr, "an IPv4 CIDR such as 192.168.0.0/16");
      return { kind, cidr };
    }
    case "internet": {
      const address = string(v, "address", where, true);
      if (address !== undefined && parseIp(address) === undefined)
        throw bad(`${where}.address`, address, "an IPv4 address");
      const domain = string(v, "domain", where, true);
      return { kind, ...(address ? { address } : {}), ...(domain ? { domain } : {}) };
    }
    case "eksControlPlane": {
      const cluster = string(v, "cluster", where, true);
      return { kind, ...(cluster ? { cluster } : {}) };
    }
    case "nodes": {
      const nodeGroup = string(v, "nodeGroup", where, true);
      const subnets = v.subnets === undefined ? undefined : subnetSelector(v.subnets, `${where}.subnets`);
      return { kind, ...(nodeGroup ? { nodeGroup } : {}), ...(subnets ? { subnets } : {}) };
    }
    case "interfaceEndpoint":
    case "gatewayEndpoint":
      return { kind, service: string(v, "service", where)! };
    case "loadBalancer": {
      const name = string(v, "name", where, true);
      return { kind, ...(name ? { name } : {}) };
    }
    default:
      return { kind: "resource", name: string(v, "name", where)! };
  }
}

export function parseFlowCase(v: unknown, where: string): FlowCase {
  if (!isObject(v)) throw bad(where, v, "a flow case object");
  const id = string(v, "id", where)!;
  const protocol = v.protocol;
  if (protocol !== "tcp" && protocol !== "udp") throw bad(`${where}.protocol`, protocol, '"tcp" or "udp"');
  const port = v.port;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535)
    throw bad(`${where}.port`, port, "an integer from 0 to 65535");
  const expect = v.expect;
  if (expect !== "allow" && expect !== "deny") throw bad(`${where}.expect`, expect, '"allow" or "deny"');
  const cite = string(v, "cite", where, expect === "deny");
  const description = string(v, "description", where, true);
  const layers = strings(v, "layers", where);
  if (layers && (layers.length === 0 || layers.some((l) => !LAYERS.includes(l as Layer))))
    throw bad(`${where}.layers`, layers, `a non-empty subset of ${LAYERS.join(", ")}`);
  return {
    id,
    ...(description ? { description } : {}),
    from: endpoint(v.from, `${where}.from`),
    to: endpoint(v.to, `${where}.to`),
    protocol,
    port,
    expect,
    ...(cite ? { cite } : {}),
    ...(layers ? { layers: layers as Layer[] } : {}),
  };
}

/** `[case, ...]` or `{"flows": [case, ...]}` → flow cases; ids must be unique. */
export function parseFlowCases(json: unknown): FlowCase[] {
  const list = isObject(json) ? json.flows : json;
  const where = isObject(json) ? "flows" : "(root)";
  if (!Array.isArray(list)) throw bad(where, list, 'an array of flow cases (or {"flows": [...]})');
  const cases = list.map((v, i) => parseFlowCase(v, `flows[${i}]`));
  const seen = new Set<string>();
  cases.forEach((c, i) => {
    if (seen.has(c.id)) throw bad(`flows[${i}].id`, c.id, "an id no other case uses");
    seen.add(c.id);
  });
  return cases;
}
