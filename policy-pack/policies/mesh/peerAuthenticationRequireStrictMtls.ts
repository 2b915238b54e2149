import { objectPolicy } from "../../lib/k8s";
import { UNSEEN } from "../../lib/unknown";
import { at, asObject } from "../../lib/values";
import { PEER_AUTHENTICATION_TYPES } from "../../lib/k8sTypes";

const WEAK = new Set(["PERMISSIVE", "DISABLE"]);

/**
 * PERMISSIVE accepts plain text as well as mTLS; DISABLE turns mTLS off. UNSET (or no mode) inherits from
 * the namespace or mesh policy, which istio-mesh-require-strict-mtls requires to be STRICT.
 * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/
 */
export const peerAuthenticationRequireStrictMtls = objectPolicy({
  name: "istio-peerauthentication-require-strict-mtls",
  description:
    "Istio PeerAuthentications must not set mtls.mode, or any portLevelMtls mode, to PERMISSIVE or DISABLE: " +
    "both accept plain-text connections, so a pod outside the mesh (or an attacker on the node network) can " +
    "talk to model servers without a workload identity and read prompts and completions on the wire.",
  catalog: ["Istio Mutual TLS", "NSA-CISA Network separation and hardening"],
  remediation:
    "Set mtls.mode and every portLevelMtls mode to STRICT (or omit them to inherit the mesh-wide STRICT).",
  types: PEER_AUTHENTICATION_TYPES,
  check: (pa) => {
    const out: string[] = [];
    const mode = at(pa, "spec", "mtls", "mode");
    if (typeof mode === "string" && WEAK.has(mode))
      out.push(`PeerAuthentication sets mtls.mode ${mode}: set it to STRICT (or UNSET to inherit STRICT).`);
    const ports = at(pa, "spec", "portLevelMtls");
    if (ports !== UNSEEN)
      for (const [port, setting] of Object.entries(asObject(ports) ?? {})) {
        const m = at(setting, "mode");
        if (typeof m === "string" && WEAK.has(m))
          out.push(`PeerAuthentication sets portLevelMtls ${port} mode ${m}: set it to STRICT.`);
      }
    return out;
  },
});
