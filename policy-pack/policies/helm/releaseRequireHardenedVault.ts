import { objectPolicy } from "../../lib/k8s";
import { helmValues } from "../../lib/helmValues";
import { UNSEEN } from "../../lib/unknown";
import { at, isUnknown } from "../../lib/values";
import { chartRef, HELM_TYPES } from "../../lib/k8sTypes";

const isTrue = (v: unknown) => v === true || v === "true";
const isFalse = (v: unknown) => v === false || v === "false";
const EXPOSED = new Set(["LoadBalancer", "NodePort"]);
/** `tls_disable = 1` (or true, "true", "1") in a listener of the server's HCL or JSON config. */
const TLS_OFF = /"?tls_disable"?\s*[=:]\s*"?(1|true)"?/i;

/** HashiCorp's `vault` chart: `vault`, `hashicorp/vault`, an OCI or local path ending in `/vault`, a .tgz. */
export function isVaultChart(chart: string | undefined): boolean {
  return chart !== undefined && /(^|\/)vault(-\d+\.\d+\.\d+[^/]*\.tgz)?\/?$/.test(chart);
}

/**
 * The chart's defaults are for trying Vault, not running it: `global.tlsDisable: true` and every server
 * config (standalone, ha, ha.raft) has `tls_disable = 1` in its listener, so tokens and secrets cross the
 * network in clear unless both are changed; `server.dev.enabled` runs an in-memory, unsealed server whose
 * root token is "root". Services of type LoadBalancer or NodePort put the API (and UI) outside the
 * cluster, where only the private network should reach it. Not judged (decided): the injector's
 * namespaceSelector (the injector only mutates pods that ask for it by annotation, and every login still
 * needs a Kubernetes auth role bound to the exact service account).
 * @see https://github.com/hashicorp/vault-helm/blob/main/values.yaml
 * @see https://developer.hashicorp.com/vault/docs/platform/k8s/helm/configuration
 * @see https://developer.hashicorp.com/vault/tutorials/operations/production-hardening (end-to-end TLS; no dev mode)
 */
export const releaseRequireHardenedVault = objectPolicy({
  name: "helm-release-require-hardened-vault",
  description:
    "Helm releases of HashiCorp's vault chart must not run dev mode, must enable TLS (global.tlsDisable: false " +
    "and no tls_disable in the server's listener config, whose chart default has it) and must not expose the " +
    "server or UI through LoadBalancer or NodePort services: otherwise tokens and secrets cross the network " +
    'in clear, or an unsealed in-memory server with the root token "root" serves them (HashiCorp Vault ' +
    "production hardening: end-to-end TLS; vault-helm values).",
  // Vault production hardening's baseline items (https://developer.hashicorp.com/vault/docs/concepts/production-hardening):
  // "Use end-to-end TLS" and "Avoid root tokens" (dev mode's root token is "root").
  catalog: ["Vault Use end-to-end TLS", "Vault Avoid root tokens"],
  remediation:
    "Set global.tlsDisable to false with a TLS listener (tls_cert_file, tls_key_file), leave server.dev.enabled off and keep the server and UI services ClusterIP.",
  types: HELM_TYPES,
  check: (props) => {
    const chart = chartRef(props);
    if (!isVaultChart(chart)) return;
    const values = helmValues(props);
    if (values === UNSEEN) return;
    const v = (...path: string[]) => at(values ?? {}, ...path);
    const label = `Helm chart "${chart}"`;
    const externalOnly =
      isFalse(v("server", "enabled")) ||
      (typeof v("global", "externalVaultAddr") === "string" && v("global", "externalVaultAddr") !== "");
    if (externalOnly) return;
    const out: string[] = [];
    if (isTrue(v("server", "dev", "enabled")))
      out.push(
        `${label} runs Vault in dev mode (server.dev.enabled): in memory, unsealed, root token "root"; remove it.`,
      );
    const tls = v("global", "tlsDisable");
    if (tls !== UNSEEN && !isFalse(tls))
      out.push(
        `${label} leaves global.tlsDisable ${tls === undefined ? "at its default, true" : `at ${String(tls)}`}: set it to false and give Vault a certificate.`,
      );
    const [mode, config] = isTrue(v("server", "ha", "enabled"))
      ? isTrue(v("server", "ha", "raft", "enabled"))
        ? ["server.ha.raft.config", v("server", "ha", "raft", "config")]
        : ["server.ha.config", v("server", "ha", "config")]
      : ["server.standalone.config", v("server", "standalone", "config")];
    if (!isTrue(v("server", "dev", "enabled")) && config !== UNSEEN && !isUnknown(config)) {
      const text =
        typeof config === "string" ? config : config === undefined ? undefined : JSON.stringify(config);
      if (text === undefined || text.trim() === "")
        out.push(
          `${label} gives no listener config in ${mode} (the chart's default has tls_disable = 1): write a ` +
            `listener with tls_cert_file and tls_key_file.`,
        );
      else if (
        TLS_OFF.test(
          text
            .split("\n")
            .filter((l) => !/^\s*(#|\/\/)/.test(l))
            .join("\n"),
        )
      )
        out.push(
          `${label} sets tls_disable in the listener of ${mode}: remove it and set tls_cert_file and tls_key_file.`,
        );
    }
    for (const [path, type] of [
      ["server.service.type", v("server", "service", "type")],
      ["ui.serviceType", isTrue(v("ui", "enabled")) ? v("ui", "serviceType") : undefined],
    ] as const)
      if (typeof type === "string" && EXPOSED.has(type))
        out.push(`${label} sets ${path} to ${type}, exposing Vault outside the cluster: use ClusterIP.`);
    return out;
  },
});
