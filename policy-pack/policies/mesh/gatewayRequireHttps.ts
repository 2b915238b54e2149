import { objectPolicy } from "../../lib/k8s";
import { gatewayServers, serverProtocol } from "../../lib/istio";
import { GATEWAY_TYPES } from "../../lib/k8sTypes";
import { at } from "../../lib/values";

/** Protocols a Gateway server terminates with TLS (HTTPS) or carries as TLS (TLS). */
const ENCRYPTED = new Set(["HTTPS", "TLS"]);

/**
 * A plain-text server (HTTP, HTTP2, GRPC, TCP, MONGO...) on an ingress gateway takes prompts and tokens
 * in clear; HTTP is fine only when it answers every request with a redirect (`tls.httpsRedirect: true`,
 * a 301 to https).
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/#ServerTLSSettings (httpsRedirect)
 * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/secure-ingress/
 */
export const gatewayRequireHttps = objectPolicy({
  name: "istio-gateway-require-https",
  description:
    "Istio Gateway servers must serve HTTPS or TLS, or plain HTTP only with tls.httpsRedirect true " +
    "(no HTTP2, GRPC or TCP in clear): the gateway is the mesh's front door, and a plain-text server " +
    "there carries prompts, completions and bearer tokens in clear.",
  // CIS EKS 5.4.5 is about TLS on the load balancer in front of the cluster; the Istio ingress gateway is that entry point here.
  catalog: ["CIS EKS 5.4.5", "Istio Gateways"],
  remediation:
    "Set port.protocol to HTTPS (or TLS) with a tls block on every Gateway server, or keep HTTP only with tls.httpsRedirect: true.",
  types: GATEWAY_TYPES,
  check: (gw) => {
    const out: string[] = [];
    for (const { server, label } of gatewayServers(gw)) {
      const protocol = serverProtocol(server);
      if (protocol === undefined || ENCRYPTED.has(protocol)) continue;
      if (protocol === "HTTP") {
        if (at(server, "tls", "httpsRedirect") !== true)
          out.push(`Gateway ${label} serves plain HTTP: set tls.httpsRedirect: true, or use protocol HTTPS.`);
      } else
        out.push(`Gateway ${label} serves plain-text protocol "${protocol}": use protocol HTTPS or TLS.`);
    }
    return out;
  },
});
