/**
 * Istio transport: whether the target's sidecar accepts the client's connection (PeerAuthentication) and
 * which identities the request then carries — the peer's SPIFFE principal (only over mTLS) and the
 * request principal of a JWT a RequestAuthentication validated.
 * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/
 * @see https://istio.io/latest/docs/concepts/security/#peer-authentication
 * @see https://istio.io/latest/docs/reference/config/security/request_authentication/
 */
import { isObject } from "../network/props";
import { name, selects, type ClusterModel, type KObject } from "./model";
import type { ClusterClient, ClusterTarget, LayerResult, Tri } from "./types";

export type MtlsMode = "STRICT" | "PERMISSIVE" | "DISABLE";

/** The trust domain of SPIFFE principals (meshConfig.trustDomain). https://istio.io/latest/docs/reference/config/security/authorization-policy/ (principals) */
export const TRUST_DOMAIN = "cluster.local";

export const principalOf = (ns: string, sa: string) => `${TRUST_DOMAIN}/ns/${ns}/sa/${sa}`;

/**
 * Whether the target pod runs a sidecar: the pod's `sidecar.istio.io/inject` label, else its namespace's
 * `istio-injection` / `istio.io/rev` labels. A namespace the export does not create cannot be told.
 * https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#controlling-the-injection-policy
 */
export function targetHasSidecar(model: ClusterModel, target: ClusterTarget): Tri {
  const pod = target.labels["sidecar.istio.io/inject"];
  if (pod === "true") return true;
  if (pod === "false") return false;
  const ns = model.namespaces.get(target.namespace);
  if (!ns) return undefined;
  if (ns["istio-injection"] === "disabled") return false;
  return ns["istio-injection"] === "enabled" || ns["istio.io/rev"] !== undefined;
}

/** A mode value: `UNSET` (or none) inherits from the level above. */
function modeOf(v: unknown): MtlsMode | "UNSET" | undefined {
  const m = isObject(v) ? v.mode : undefined;
  if (m === undefined || m === "UNSET") return "UNSET";
  return m === "STRICT" || m === "PERMISSIVE" || m === "DISABLE" ? m : undefined;
}

/**
 * The effective mode on the target's port: workload (selector, with its `portLevelMtls`), then namespace,
 * then mesh (root namespace, no selector); an unset level inherits; nothing set is PERMISSIVE.
 */
export function effectiveMtls(
  model: ClusterModel,
  target: ClusterTarget,
): { mode: MtlsMode | undefined; by: string } {
  const pas = model.peerAuthentications;
  const levels: { label: string; policies: KObject[] }[] = [
    {
      label: "workload",
      policies: pas.filter((p) => p.namespace === target.namespace && p.spec.selector !== undefined),
    },
    {
      label: "namespace",
      policies: pas.filter((p) => p.namespace === target.namespace && p.spec.selector === undefined),
    },
    {
      label: "mesh",
      policies: pas.filter((p) => p.namespace === model.rootNamespace && p.spec.selector === undefined),
    },
  ];
  for (const { label, policies } of levels) {
    const found: { mode: MtlsMode | "UNSET" | undefined; p: KObject }[] = [];
    for (const p of policies) {
      if (p.unknown) return { mode: undefined, by: `${name(p)} (a value unknown until apply)` };
      if (label === "workload") {
        const sel = selects(p.spec.selector, target.labels);
        if (sel === undefined) return { mode: undefined, by: `${name(p)} (a selector that cannot be read)` };
        if (!sel) continue;
        const ports = isObject(p.spec.portLevelMtls) ? p.spec.portLevelMtls : {};
        const atPort = modeOf(ports[String(target.port)]);
        if (ports[String(target.port)] !== undefined && atPort !== "UNSET") {
          found.push({ mode: atPort, p });
          continue;
        }
      }
      found.push({ mode: modeOf(p.spec.mtls), p });
    }
    const set = found.filter((f) => f.mode !== "UNSET");
    if (set.length === 0) continue;
    const modes = new Set(set.map((f) => f.mode));
    const by = set.map((f) => name(f.p)).join(", ");
    // Istio applies the oldest of several policies at one level, which the export cannot tell.
    if (modes.size > 1 || modes.has(undefined))
      return { mode: undefined, by: `${by} (${label} level disagrees or is unreadable)` };
    return { mode: set[0]!.mode as MtlsMode, by: `${by} (${label} level)` };
  }
  return { mode: "PERMISSIVE", by: "no PeerAuthentication (Istio's default, PERMISSIVE)" };
}

/** The identities the request carries past the sidecar: `null` none, `undefined` cannot tell. */
export interface RequestIdentity {
  readonly principal: string | null | undefined;
  readonly namespace: string | null | undefined;
  readonly requestPrincipal: string | null | undefined;
}

export function peerAuthenticationLayer(
  model: ClusterModel,
  client: ClusterClient,
  target: ClusterTarget,
  notes: string[],
): { layer: LayerResult; identity: RequestIdentity } {
  const sidecar = client.sidecar ?? true;
  const { mode, by } = effectiveMtls(model, target);
  const mtls: Tri = mode === undefined ? undefined : mode === "DISABLE" ? false : sidecar;
  const peer =
    mtls === undefined
      ? undefined
      : mtls
        ? principalOf(client.namespace, client.serviceAccount ?? "default")
        : null;
  const identity: RequestIdentity = {
    principal: peer,
    namespace: mtls === undefined ? undefined : mtls ? client.namespace : null,
    requestPrincipal: requestPrincipal(model, client, target, notes),
  };
  const layer = (decision: LayerResult["decision"], reason: string): LayerResult => ({
    layer: "peerAuthentication",
    decision,
    reason,
  });
  if (mode === undefined)
    return { layer: layer("undecidable", `mTLS mode cannot be decided: ${by}`), identity };
  if (mode === "STRICT" && !sidecar)
    return { layer: layer("deny", `STRICT mTLS by ${by}: a client without a sidecar is refused`), identity };
  return {
    layer: layer("allow", `${mode} by ${by}: ${mtls ? `mTLS as ${peer}` : "plaintext, no peer identity"}`),
    identity,
  };
}

/**
 * The request principal (`<iss>/<sub>`) of the client's token, when a RequestAuthentication applying to
 * the target (root namespace, or the target's namespace with or without a matching selector) validates
 * it; a token no policy validates yields none.
 */
function requestPrincipal(
  model: ClusterModel,
  client: ClusterClient,
  target: ClusterTarget,
  notes: string[],
): string | null | undefined {
  if (!client.jwt) return null;
  let unknown = false;
  const issuers: string[] = [];
  for (const ra of model.requestAuthentications) {
    if (ra.namespace !== target.namespace && ra.namespace !== model.rootNamespace) continue;
    const sel = selects(ra.spec.selector, target.labels);
    if (ra.unknown || sel === undefined) unknown = true;
    if (sel !== true || ra.unknown) continue;
    for (const rule of Array.isArray(ra.spec.jwtRules) ? ra.spec.jwtRules : [])
      if (isObject(rule) && typeof rule.issuer === "string") issuers.push(rule.issuer);
  }
  if (issuers.length === 0) {
    if (unknown) return undefined;
    notes.push(
      `no RequestAuthentication applies to the target: the client's token yields no request principal`,
    );
    return null;
  }
  if (issuers.length > 1) notes.push(`several JWT issuers accepted; the token is taken from ${issuers[0]}`);
  return `${issuers[0]}/${client.subject ?? "user"}`;
}
