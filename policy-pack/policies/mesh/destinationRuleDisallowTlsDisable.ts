import { objectPolicy } from "../../lib/k8s";
import { asArray, at, asObject, asString, knownStrings } from "../../lib/values";
import { DESTINATION_RULE_TYPES } from "../../lib/k8sTypes";

/** Every TLS setting a DestinationRule can carry, with where it sits. */
function tlsSettings(spec: Record<string, any>): { where: string; tls: Record<string, any> }[] {
  const out: { where: string; tls: Record<string, any> }[] = [];
  const fromPolicy = (policy: unknown, prefix: string) => {
    const tls = asObject(at(policy, "tls"));
    if (tls) out.push({ where: `${prefix}.tls`, tls });
    for (const pls of asArray(at(policy, "portLevelSettings"))) {
      const t = asObject(at(pls, "tls"));
      const port = at(pls, "port", "number");
      if (t)
        out.push({
          where: `${prefix}.portLevelSettings[port ${typeof port === "number" ? port : "?"}].tls`,
          tls: t,
        });
    }
  };
  fromPolicy(at(spec, "trafficPolicy"), "trafficPolicy");
  asArray(at(spec, "subsets")).forEach((s, i) => {
    const name = asString(at(s, "name"));
    fromPolicy(at(s, "trafficPolicy"), `subsets[${name !== undefined ? `"${name}"` : i}].trafficPolicy`);
  });
  return out;
}

/**
 * ClientTLSSettings modes: DISABLE sends plain text; SIMPLE and MUTUAL originate TLS with certificates of
 * your choosing, which for an in-mesh host replaces Istio's mTLS (and its workload identity) — that is
 * what ISTIO_MUTUAL is for.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings-TLSmode
 */
export const destinationRuleDisallowTlsDisable = objectPolicy({
  name: "istio-destinationrule-disallow-tls-disable",
  description:
    "Istio DestinationRules must not switch TLS off (tls.mode DISABLE) at any level — trafficPolicy, " +
    "portLevelSettings, subsets — must not use SIMPLE or MUTUAL for in-mesh hosts where ISTIO_MUTUAL carries " +
    "the workload identity, and must not set insecureSkipVerify. Each sends traffic without mutual TLS or " +
    "to an unverified server.",
  catalog: [
    "Istio Mutual TLS",
    "Istio Configure TLS verification in Destination Rule when using TLS origination",
  ],
  remediation:
    "Set every tls.mode to ISTIO_MUTUAL for in-mesh hosts (SIMPLE or MUTUAL with caCertificates for external ones) and remove insecureSkipVerify.",
  types: DESTINATION_RULE_TYPES,
  configSchema: {
    properties: {
      meshHostSuffixes: {
        type: "array",
        items: { type: "string" },
        default: [".local", ".svc"],
        description: "Host suffixes that are in the mesh (short names without a dot are too).",
      },
    },
  },
  check: (dr, { config }) => {
    const spec = asObject(at(dr, "spec"));
    if (!spec) return;
    const host = at(spec, "host");
    const suffixes = knownStrings(config.meshHostSuffixes);
    const inMesh =
      typeof host === "string" &&
      (host === "*" || !host.includes(".") || suffixes.some((s) => host.endsWith(s)));
    const out: string[] = [];
    for (const { where, tls } of tlsSettings(spec)) {
      const mode = at(tls, "mode");
      if (mode === "DISABLE")
        out.push(
          `DestinationRule sets ${where}.mode DISABLE: use ISTIO_MUTUAL (in-mesh) or SIMPLE (external).`,
        );
      else if ((mode === "SIMPLE" || mode === "MUTUAL") && inMesh)
        out.push(
          `DestinationRule sets ${where}.mode ${mode} for in-mesh host "${String(host)}": use ISTIO_MUTUAL.`,
        );
      if (at(tls, "insecureSkipVerify") === true)
        out.push(`DestinationRule sets ${where}.insecureSkipVerify: remove it and verify the server.`);
    }
    return out;
  },
});
