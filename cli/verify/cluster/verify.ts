/**
 * Decides cluster cases: a request passes when every layer admits it — the target's NetworkPolicy ingress
 * and the client's egress, the target sidecar's PeerAuthentication, then its AuthorizationPolicies — and is
 * refused when any layer refuses. A layer that cannot be told makes the case undecidable, which never passes.
 */
import type { ExportResource } from "../network/types";
import { authorizationLayer } from "./authorization";
import { buildClusterModel, type ClusterModel } from "./model";
import { networkPolicyLayer } from "./networkPolicy";
import { peerAuthenticationLayer, targetHasSidecar } from "./peerAuthentication";
import type { ClusterCase, ClusterDecision, ClusterVerdict, LayerResult } from "./types";

export function verifyClusterCase(model: ClusterModel, given: ClusterCase): ClusterVerdict {
  // An address outside the pod network speaks plaintext: it has no sidecar.
  const c = given.from.ip !== undefined ? { ...given, from: { ...given.from, sidecar: false } } : given;
  const notes: string[] = [];
  const layers: LayerResult[] = [networkPolicyLayer(model, c.from, c.to, notes)];
  const sidecar = targetHasSidecar(model, c.to);
  if (sidecar === true) {
    const peer = peerAuthenticationLayer(model, c.from, c.to, notes);
    layers.push(peer.layer);
    const id = peer.identity;
    const mtls = id.principal === undefined ? undefined : id.principal !== null;
    layers.push(
      authorizationLayer(
        model,
        c.to,
        {
          ...id,
          serviceAccount:
            mtls === undefined
              ? undefined
              : mtls
                ? `${c.from.namespace}/${c.from.serviceAccount ?? "default"}`
                : null,
          host: c.to.host,
          port: c.to.port,
          method: c.to.method ?? "GET",
          path: c.to.path ?? "/",
        },
        notes,
      ),
    );
  } else {
    const why =
      sidecar === false
        ? `the target has no sidecar (namespace ${c.to.namespace} is not labelled for injection): Istio enforces nothing`
        : `namespace ${c.to.namespace} is not in the export: whether its pods run a sidecar cannot be told`;
    const decision: ClusterDecision = sidecar === false ? "allow" : "undecidable";
    layers.push({ layer: "peerAuthentication", decision, reason: why });
    layers.push({ layer: "authorizationPolicy", decision, reason: why });
  }
  const ds = layers.map((l) => l.decision);
  const verdict: ClusterDecision = ds.includes("deny")
    ? "deny"
    : ds.includes("undecidable")
      ? "undecidable"
      : "allow";
  // A refusal names the refusing layer; an admission names the innermost layer, which admitted last.
  const against =
    verdict === "allow" ? layers[layers.length - 1]! : layers.find((l) => l.decision === verdict)!;
  const reason =
    verdict === "allow"
      ? `allow: every layer admits; ${against.layer}: ${against.reason}`
      : `${verdict}: ${against.layer}: ${against.reason}`;
  return {
    id: c.id,
    ...(c.description !== undefined ? { description: c.description } : {}),
    expect: c.expect,
    ...(c.cite !== undefined ? { cite: c.cite } : {}),
    verdict,
    pass: verdict === c.expect,
    reason,
    layers,
    notes: [...new Set(notes)],
  };
}

export function verifyCluster(
  resources: readonly ExportResource[],
  cases: readonly ClusterCase[],
): ClusterVerdict[] {
  const model = buildClusterModel(resources);
  return cases.map((c) => verifyClusterCase(model, c));
}
