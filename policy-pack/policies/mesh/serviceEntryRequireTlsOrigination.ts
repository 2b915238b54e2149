import { k8sStackPolicy, type StackResource } from "../../lib/k8s";
import { DESTINATION_RULE_TYPES, SERVICE_ENTRY_TYPES } from "../../lib/k8sTypes";
import { UNSEEN } from "../../lib/unknown";
import { asArray, asString, at, hasUnknown, knownStrings } from "../../lib/values";

/** Port protocols the sidecar sends in clear unless a DestinationRule originates TLS. */
const PLAIN = new Set(["HTTP", "HTTP2", "GRPC"]);
const SE = new Set(SERVICE_ENTRY_TYPES.filter((t) => !t.endsWith("Patch")));
const DR = new Set(DESTINATION_RULE_TYPES.filter((t) => !t.endsWith("Patch")));

/** Does a DestinationRule host (exact, or `*.suffix`) cover `host`? */
function covers(drHost: string, host: string): boolean {
  if (drHost === host) return true;
  return drHost.startsWith("*.") && host.endsWith(drHost.slice(1));
}

/** The TLS modes a DestinationRule sets anywhere (top level, per port, per subset). UNSEEN: cannot tell. */
function tlsModes(dr: StackResource): string[] | typeof UNSEEN {
  const modes: string[] = [];
  const policies = [at(dr.props, "spec", "trafficPolicy")];
  for (const s of asArray(at(dr.props, "spec", "subsets"))) policies.push(at(s, "trafficPolicy"));
  for (const p of policies) {
    if (p === UNSEEN) return UNSEEN;
    const tls = [
      at(p, "tls", "mode"),
      ...asArray(at(p, "portLevelSettings")).map((x) => at(x, "tls", "mode")),
    ];
    if (tls.some(hasUnknown)) return UNSEEN;
    modes.push(...tls.filter((m): m is string => typeof m === "string"));
  }
  return modes;
}

/**
 * A ServiceEntry with location MESH_EXTERNAL (the default) and a plain-text port (HTTP, HTTP2, GRPC)
 * makes the sidecar send requests to the outside world in clear unless a DestinationRule for the host
 * originates TLS (tls.mode SIMPLE or MUTUAL, at any level: per port, or at the egress gateway's port).
 * Ports declared HTTPS or TLS are encrypted by the application itself and pass.
 * @see https://istio.io/latest/docs/tasks/traffic-management/egress/egress-tls-origination/
 * @see https://istio.io/latest/docs/reference/config/networking/service-entry/#ServiceEntry-Location
 */
export const serviceEntryRequireTlsOrigination = k8sStackPolicy({
  name: "istio-serviceentry-require-tls-origination",
  description:
    "Istio ServiceEntries for external hosts (location MESH_EXTERNAL, the default) with a plain-text port " +
    "(HTTP, HTTP2, GRPC) need a DestinationRule for the host that originates TLS (tls.mode SIMPLE or " +
    "MUTUAL): otherwise prompts, model downloads and API keys leave the cluster in clear. Hosts or rules " +
    "that cannot be seen are not judged.",
  catalog: [
    "Istio Configure TLS verification in Destination Rule when using TLS origination",
    "Istio Securing egress traffic",
  ],
  remediation:
    "Add a DestinationRule for the ServiceEntry host with trafficPolicy.tls.mode SIMPLE (or MUTUAL) and caCertificates, or declare the port as HTTPS or TLS.",
  types: [...SERVICE_ENTRY_TYPES, ...DESTINATION_RULE_TYPES],
  check: (resources) => {
    const rules = resources.filter((r) => DR.has(r.type));
    const out: { message: string; urn: string }[] = [];
    for (const se of resources.filter((r) => SE.has(r.type))) {
      const location = at(se.props, "spec", "location");
      if (location === UNSEEN || (location !== undefined && location !== "MESH_EXTERNAL")) continue;
      const ports = at(se.props, "spec", "ports");
      const hosts = at(se.props, "spec", "hosts");
      if (hasUnknown(ports) || hasUnknown(hosts)) continue;
      const plain = asArray(ports).filter((p) => {
        const protocol = asString(at(p, "protocol"));
        return protocol !== undefined && PLAIN.has(protocol.toUpperCase());
      });
      if (plain.length === 0) continue;
      for (const host of knownStrings(hosts)) {
        let unseen = false;
        const originated = rules.some((dr) => {
          const drHost = at(dr.props, "spec", "host");
          if (drHost === UNSEEN) {
            unseen = true;
            return false;
          }
          if (typeof drHost !== "string" || !covers(drHost, host)) return false;
          const modes = tlsModes(dr);
          if (modes === UNSEEN) {
            unseen = true;
            return false;
          }
          return modes.includes("SIMPLE") || modes.includes("MUTUAL");
        });
        if (originated || unseen) continue;
        const numbers = plain.map((p) => at(p, "number")).filter((n) => typeof n === "number");
        out.push({
          urn: se.urn,
          message:
            `ServiceEntry "${se.name}" sends ${host} plain text (port${numbers.length > 1 ? "s" : ""} ` +
            `${numbers.join(", ") || "?"}): add a DestinationRule for the host with tls.mode SIMPLE ` +
            "(TLS origination), or declare the port HTTPS if the client encrypts.",
        });
      }
    }
    return out;
  },
});
