import { objectPolicy } from "../../lib/k8s";
import { gatewayServers } from "../../lib/istio";
import { GATEWAY_TYPES } from "../../lib/k8sTypes";
import { asString, at } from "../../lib/values";

const OLD = new Set(["TLSV1_0", "TLSV1_1"]);

/**
 * ServerTLSSettings: minProtocolVersion unset (or TLS_AUTO) is TLS 1.2 for a gateway server; TLSV1_0 and
 * TLSV1_1 lower it, and a maxProtocolVersion of TLSV1_0/TLSV1_1 caps every connection at a deprecated
 * version (RFC 8996).
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/#ServerTLSSettings
 * @see https://www.rfc-editor.org/rfc/rfc8996
 */
export const gatewayRequireModernTls = objectPolicy({
  name: "istio-gateway-require-modern-tls",
  description:
    "Istio Gateway servers must not accept TLS older than 1.2 (no tls.minProtocolVersion or " +
    "maxProtocolVersion TLSV1_0 or TLSV1_1): TLS 1.0 and 1.1 are deprecated by RFC 8996, and their " +
    "downgrade and CBC weaknesses expose the sessions that carry prompts and tokens.",
  // CIS EKS 5.4.5 is about TLS on the load balancer in front of the cluster; the Istio ingress gateway is that entry point here.
  catalog: ["CIS EKS 5.4.5", "Istio Gateways"],
  remediation:
    "Set tls.minProtocolVersion to TLSV1_2 or TLSV1_3 (and no maxProtocolVersion below TLSV1_2) on every Gateway server.",
  types: GATEWAY_TYPES,
  check: (gw) => {
    const out: string[] = [];
    for (const { server, label } of gatewayServers(gw))
      for (const field of ["minProtocolVersion", "maxProtocolVersion"] as const) {
        const v = asString(at(server, "tls", field));
        if (v !== undefined && OLD.has(v.toUpperCase()))
          out.push(
            `Gateway ${label} sets tls.${field} ${v}: use TLSV1_2 or TLSV1_3 (or leave min unset: TLS 1.2).`,
          );
      }
    return out;
  },
});
