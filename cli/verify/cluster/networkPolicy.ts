/**
 * Kubernetes NetworkPolicy, as the API documents it: a pod is isolated for ingress (egress) when some
 * policy in its namespace selects it with that policy type; an isolated pod accepts a connection only
 * when some rule of some selecting policy admits it (policies are additive, never deny). A connection
 * needs both the target's ingress and the client's egress.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 * @see https://kubernetes.io/docs/reference/kubernetes-api/networking-resources/network-policy-v1/
 */
import { parseCidr, parseIp } from "../network/ip";
import { isObject, type Props } from "../network/props";
import {
  name,
  namespaceLabels,
  selects,
  triAll,
  triAnd,
  triAny,
  type ClusterModel,
  type KObject,
} from "./model";
import type { ClusterClient, ClusterTarget, LayerResult, Tri } from "./types";

type Direction = "Ingress" | "Egress";

/** `policyTypes`, defaulted as the API does: Ingress always, Egress when the policy has egress rules. */
function policyTypes(spec: Props): Direction[] {
  if (Array.isArray(spec.policyTypes))
    return spec.policyTypes.filter((t): t is Direction => t === "Ingress" || t === "Egress");
  return spec.egress !== undefined ? ["Ingress", "Egress"] : ["Ingress"];
}

/** Whether `ip` is in an ipBlock (`cidr` minus every `except`); undefined when a block cannot be read. */
function inIpBlock(block: unknown, ip: number): Tri {
  if (!isObject(block) || typeof block.cidr !== "string") return undefined;
  const cidr = parseCidr(block.cidr);
  if (!cidr) return undefined;
  if (ip < cidr.first || ip > cidr.last) return false;
  for (const e of Array.isArray(block.except) ? block.except : []) {
    const ex = typeof e === "string" ? parseCidr(e) : undefined;
    if (!ex) return undefined;
    if (ip >= ex.first && ip <= ex.last) return false;
  }
  return true;
}

/**
 * A pod in `ns` with `labels` (or, with `ip`, an address outside the pod network), seen from a peer entry
 * of a policy in `policyNs`. ipBlock never matches a pod; pod and namespace selectors never match an address.
 */
function peerMatches(
  model: ClusterModel,
  peer: unknown,
  policyNs: string,
  ns: string,
  labels: Readonly<Record<string, string>>,
  ip?: number,
): Tri {
  if (!isObject(peer)) return undefined;
  const { podSelector, namespaceSelector, ipBlock } = peer;
  if (ip !== undefined)
    return podSelector !== undefined || namespaceSelector !== undefined ? false : inIpBlock(ipBlock, ip);
  if (podSelector === undefined && namespaceSelector === undefined)
    return ipBlock !== undefined ? false : undefined;
  const nsl = namespaceLabels(model, ns);
  const inNs =
    namespaceSelector === undefined ? ns === policyNs : selects(namespaceSelector, nsl.labels, nsl.complete);
  return triAnd(inNs, selects(podSelector ?? {}, labels));
}

/** Whether a rule's ports admit TCP `port`: empty admits every port; `endPort` makes a range; a named port cannot be told. */
function portsAdmit(ports: unknown, port: number): Tri {
  if (ports === undefined || ports === null) return true;
  if (!Array.isArray(ports)) return undefined;
  if (ports.length === 0) return true;
  return triAny(
    ports.map((p): Tri => {
      if (!isObject(p)) return undefined;
      if ((p.protocol ?? "TCP") !== "TCP") return false;
      if (p.port === undefined) return true;
      if (typeof p.port !== "number") return undefined;
      const end = typeof p.endPort === "number" ? p.endPort : p.port;
      return port >= p.port && port <= end;
    }),
  );
}

interface Side {
  readonly decision: Tri;
  readonly reason: string;
}

function side(
  model: ClusterModel,
  direction: Direction,
  podNs: string,
  podLabels: Readonly<Record<string, string>>,
  peerNs: string,
  peerLabels: Readonly<Record<string, string>>,
  port: number,
  peerIp?: number,
): Side {
  const policies = model.networkPolicies.filter((p) => p.namespace === podNs);
  const applying: { p: KObject; applies: Tri }[] = policies.map((p) => ({
    p,
    applies: p.unknown
      ? undefined
      : triAnd(selects(p.spec.podSelector ?? {}, podLabels), policyTypes(p.spec).includes(direction)),
  }));
  const isolated = triAny(applying.map((a) => a.applies));
  const dir = direction.toLowerCase();
  if (isolated === false)
    return { decision: true, reason: `${dir}: no NetworkPolicy in ${podNs} selects the pod (not isolated)` };
  const key = direction === "Ingress" ? "ingress" : "egress";
  const peersKey = direction === "Ingress" ? "from" : "to";
  let admittedBy: string | undefined;
  const admits = applying.map(({ p, applies }) => {
    if (applies === false) return false;
    const rules = p.spec[key];
    const ruleResults = (Array.isArray(rules) ? rules : []).map((rule, i): Tri => {
      if (!isObject(rule)) return undefined;
      const peers = rule[peersKey];
      const fromOk =
        peers === undefined || (Array.isArray(peers) && peers.length === 0)
          ? true
          : Array.isArray(peers)
            ? triAny(peers.map((peer) => peerMatches(model, peer, p.namespace, peerNs, peerLabels, peerIp)))
            : undefined;
      const r = triAll([fromOk, portsAdmit(rule.ports, port)]);
      if (r === true && applies === true && !admittedBy) admittedBy = `${name(p)} ${key}[${i}]`;
      return r;
    });
    return triAnd(applies, triAny(ruleResults));
  });
  const admitted = triAny(admits);
  if (admitted === true) return { decision: true, reason: `${dir} allowed by ${admittedBy ?? "a policy"}` };
  const names = applying.filter((a) => a.applies !== false).map((a) => name(a.p));
  if (admitted === false && isolated === true)
    return {
      decision: false,
      reason: `${dir} refused: ${names.join(", ")} isolate the pod and no rule admits tcp ${port} from ${peerIp !== undefined ? "that address" : peerNs}`,
    };
  return {
    decision: undefined,
    reason: `${dir} cannot be decided (${names.join(", ")}: a selector, named port or value the export cannot show)`,
  };
}

export function networkPolicyLayer(
  model: ClusterModel,
  client: ClusterClient,
  target: ClusterTarget,
  notes: string[],
): LayerResult {
  const clientLabels = client.labels ?? {};
  const ip = client.ip !== undefined ? parseIp(client.ip) : undefined;
  if (client.ip !== undefined && ip === undefined)
    return { layer: "networkPolicy", decision: "undecidable", reason: `${client.ip} is not an IPv4 address` };
  const ingress = side(
    model,
    "Ingress",
    target.namespace,
    target.labels,
    client.namespace,
    clientLabels,
    target.port,
    ip,
  );
  if (ip !== undefined) {
    const d = ingress.decision;
    return {
      layer: "networkPolicy",
      decision: d === true ? "allow" : d === false ? "deny" : "undecidable",
      reason: `${ingress.reason} (client ${client.ip}, outside the pod network: no egress policy applies)`,
    };
  }
  const egress = side(
    model,
    "Egress",
    client.namespace,
    clientLabels,
    target.namespace,
    target.labels,
    target.port,
  );
  if (!model.networkPolicies.some((p) => p.namespace === client.namespace))
    notes.push(
      `namespace ${client.namespace} has no NetworkPolicy in the export: its egress is taken as open`,
    );
  const d = triAnd(ingress.decision, egress.decision);
  const deciding = d === true ? [ingress, egress] : [ingress, egress].filter((s) => s.decision !== true);
  return {
    layer: "networkPolicy",
    decision: d === true ? "allow" : d === false ? "deny" : "undecidable",
    reason: deciding.map((s) => s.reason).join("; "),
  };
}
