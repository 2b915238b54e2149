import { objectPolicy } from "../../lib/k8s";
import { gatewayServers, serverProtocol } from "../../lib/istio";
import { GATEWAY_TYPES } from "../../lib/k8sTypes";
import { asString, at, asObject } from "../../lib/values";

/**
 * PASSTHROUGH forwards the client's TLS bytes untouched, chosen by SNI: the gateway cannot validate JWTs,
 * apply AuthorizationPolicy paths or rate-limit per user. AUTO_PASSTHROUGH also routes by SNI to any
 * service in the mesh without a VirtualService (meant for east-west multi-cluster gateways). An unset
 * mode is PASSTHROUGH (the enum's zero value); on a TLS server that is what it does.
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/#ServerTLSSettings-TLSmode
 */
export const gatewayDisallowTlsPassthrough = objectPolicy({
  name: "istio-gateway-disallow-tls-passthrough",
  description:
    "Istio Gateway servers must terminate TLS (tls.mode SIMPLE, MUTUAL or ISTIO_MUTUAL), not use " +
    "PASSTHROUGH or AUTO_PASSTHROUGH (or a TLS server with no mode, which is PASSTHROUGH): the gateway then " +
    "cannot check JWTs, authorize paths or rate-limit, and AUTO_PASSTHROUGH exposes every mesh service by SNI.",
  catalog: ["Istio Gateways", "Istio Authorization policies"],
  remediation:
    "Set tls.mode to SIMPLE or MUTUAL (with a credentialName) on every Gateway server instead of PASSTHROUGH or AUTO_PASSTHROUGH.",
  types: GATEWAY_TYPES,
  check: (gw) => {
    const out: string[] = [];
    for (const { server, label } of gatewayServers(gw)) {
      const tls = at(server, "tls");
      const mode = asString(at(tls, "mode"))?.toUpperCase();
      if (mode === "PASSTHROUGH" || mode === "AUTO_PASSTHROUGH")
        out.push(
          `Gateway ${label} sets tls.mode ${mode}: terminate TLS at the gateway (mode SIMPLE with credentialName).`,
        );
      else if (
        serverProtocol(server) === "TLS" &&
        (asObject(tls) !== undefined || tls === undefined) &&
        at(tls, "mode") === undefined
      )
        out.push(
          `Gateway ${label} is a TLS server with no tls.mode, which means PASSTHROUGH: set mode SIMPLE with credentialName.`,
        );
    }
    return out;
  },
});
