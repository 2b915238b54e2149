import { objectPolicy } from "../../lib/k8s";
import { gatewayServers } from "../../lib/istio";
import { GATEWAY_TYPES } from "../../lib/k8sTypes";
import { at, knownStrings } from "../../lib/values";

/**
 * A server host is `[namespace/]dnsName`; a dnsName of `*` accepts every Host header and lets any
 * VirtualService (from the namespaces the host admits) bind to the public gateway. Subdomain wildcards
 * (`*.example.com`) stay within a domain you own and are not flagged.
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/#Server (hosts)
 */
export const gatewayDisallowWildcardHosts = objectPolicy({
  name: "istio-gateway-disallow-wildcard-hosts",
  description:
    "Istio Gateway servers must name their hosts, with no host whose DNS part is the bare wildcard " +
    "(any host, from any namespace or from one): a wildcard accepts any Host header and lets any " +
    "VirtualService bind a route to the public gateway, so an internal service can be published by a " +
    "change in another namespace.",
  catalog: ["Istio Avoid overly broad hosts configurations"],
  remediation:
    'Replace "*" in the Gateway server hosts with the exact DNS names it serves (optionally namespace/host).',
  types: GATEWAY_TYPES,
  check: (gw) => {
    const out: string[] = [];
    for (const { server, label } of gatewayServers(gw)) {
      const wild = knownStrings(at(server, "hosts")).filter((h) => h.split("/").pop()?.trim() === "*");
      if (wild.length > 0)
        out.push(
          `Gateway ${label} accepts any host (${wild.map((h) => `"${h}"`).join(", ")}): list the public host names.`,
        );
    }
    return out;
  },
});
