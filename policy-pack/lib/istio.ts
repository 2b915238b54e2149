import { asArray, asObject, asString, at } from "./values";

/** Readers shared by the Istio Gateway policies (plain values; see ./values for unknowns). */

export interface GatewayServer {
  readonly server: Record<string, any>;
  /** `server "https"` or `server #1 (port 443)`, for messages. */
  readonly label: string;
}

/** Every server of an Istio Gateway's spec. */
export function gatewayServers(gw: Record<string, any>): GatewayServer[] {
  const out: GatewayServer[] = [];
  asArray(at(gw, "spec", "servers")).forEach((s, i) => {
    const server = asObject(s);
    if (!server) return;
    const name = asString(server.name);
    const port = at(server, "port", "number");
    out.push({
      server,
      label:
        name !== undefined && name !== ""
          ? `server "${name}"`
          : `server #${i + 1}${typeof port === "number" ? ` (port ${port})` : ""}`,
    });
  });
  return out;
}

/** A server's port protocol, upper-cased (Istio accepts either case), or undefined when not a known string. */
export function serverProtocol(server: Record<string, any>): string | undefined {
  return asString(at(server, "port", "protocol"))?.toUpperCase();
}

/**
 * The rules of an AuthorizationPolicy whose action is ALLOW (written or omitted, Istio's default);
 * none for DENY, CUSTOM, AUDIT or a spec that is not an object.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#AuthorizationPolicy-Action
 */
export function allowRules(ap: Record<string, any>): unknown[] {
  const spec = asObject(at(ap, "spec"));
  if (!spec) return [];
  const action = at(spec, "action");
  if (action !== undefined && action !== "ALLOW") return [];
  return asArray(at(spec, "rules"));
}
