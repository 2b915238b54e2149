import { UNSEEN, type Unseen } from "./unknown";
import { asArray, asObject, at, hasUnknown, knownStrings } from "./values";

/**
 * How a NetworkPolicy stands towards the quarantine mechanism (components/shared/quarantine.ts), read
 * from its plain inputs: UNSEEN when a value that decides it is unknown (a preview).
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */

export const NETWORK_POLICY_TYPES = new Set([
  "kubernetes:networking.k8s.io/v1:NetworkPolicy",
  "kubernetes:extensions/v1beta1:NetworkPolicy",
]);
/**
 * The quarantine label, as Rampart's components write it (components/shared/quarantine.ts; the pack reads
 * any stack, so it does not import the components: test/policies/k8s-network pins the two equal).
 */
export const QUARANTINE_LABEL = "rampart.io/quarantine";
export const QUARANTINE_VALUE = "true";

type Verdict = boolean | Unseen;

/** policyTypes as Kubernetes defaults them: Ingress, plus Egress when egress rules exist. */
export function policyTypesOf(spec: Record<string, any>): string[] | Unseen {
  const raw = at(spec, "policyTypes");
  if (raw === UNSEEN || hasUnknown(raw)) return UNSEEN;
  if (raw === undefined) return ["Ingress", ...(asArray(spec.egress).length > 0 ? ["Egress"] : [])];
  return knownStrings(raw);
}

/** No rule, both directions: the policy only isolates the pods it selects. */
function isolatesBothWays(spec: Record<string, any>): Verdict {
  const t = policyTypesOf(spec);
  const ingress = at(spec, "ingress");
  const egress = at(spec, "egress");
  if (t === UNSEEN || ingress === UNSEEN || egress === UNSEEN) return UNSEEN;
  return (
    t.includes("Ingress") &&
    t.includes("Egress") &&
    asArray(ingress).length === 0 &&
    asArray(egress).length === 0
  );
}

/** `podSelector: {}`, both directions, no rule: a namespace's default deny. */
export function isDefaultDeny(np: Record<string, any>): Verdict {
  const spec = asObject(at(np, "spec"));
  if (!spec) return at(np, "spec") === UNSEEN ? UNSEEN : false;
  const selector = at(spec, "podSelector");
  if (selector === UNSEEN || hasUnknown(selector)) return UNSEEN;
  const s = asObject(selector) ?? {};
  if (Object.keys(asObject(s.matchLabels) ?? {}).length > 0 || asArray(s.matchExpressions).length > 0)
    return false;
  return isolatesBothWays(spec);
}

/** Selects exactly the pods labelled `rampart.io/quarantine=true`, both directions, no rule. */
export function isQuarantinePolicy(np: Record<string, any>): Verdict {
  const spec = asObject(at(np, "spec"));
  if (!spec) return at(np, "spec") === UNSEEN ? UNSEEN : false;
  const selector = at(spec, "podSelector");
  if (selector === UNSEEN || hasUnknown(selector)) return UNSEEN;
  const s = asObject(selector) ?? {};
  const labels = asObject(s.matchLabels) ?? {};
  if (labels[QUARANTINE_LABEL] !== QUARANTINE_VALUE || Object.keys(labels).length !== 1) return false;
  if (asArray(s.matchExpressions).length > 0) return false;
  return isolatesBothWays(spec);
}

/** The policy admits some flow (an ingress or egress rule). */
export function allowsSomething(np: Record<string, any>): Verdict {
  const ingress = at(np, "spec", "ingress");
  const egress = at(np, "spec", "egress");
  if (ingress === UNSEEN || egress === UNSEEN) return UNSEEN;
  return asArray(ingress).length > 0 || asArray(egress).length > 0;
}

/**
 * The policy's podSelector leaves out quarantined pods: a `DoesNotExist` on the label, or `NotIn`
 * listing its value, or matchLabels giving the label another value.
 */
export function excludesQuarantined(np: Record<string, any>): Verdict {
  const selector = at(np, "spec", "podSelector");
  if (selector === UNSEEN || hasUnknown(selector)) return UNSEEN;
  const s = asObject(selector) ?? {};
  const labels = asObject(s.matchLabels) ?? {};
  if (QUARANTINE_LABEL in labels && labels[QUARANTINE_LABEL] !== QUARANTINE_VALUE) return true;
  return asArray(s.matchExpressions).some(
    (e) =>
      e?.key === QUARANTINE_LABEL &&
      (e.operator === "DoesNotExist" ||
        (e.operator === "NotIn" && knownStrings(e.values).includes(QUARANTINE_VALUE))),
  );
}

const WORLD = new Set(["0.0.0.0/0", "::/0"]);

/** Why a NetworkPolicy rule admits everyone on every port, or undefined when it does not (or cannot be seen). */
export type OpenRule = "no peers" | "world" | "every namespace";

/**
 * Whether one ingress (`from`) or egress (`to`) rule admits every peer on every port: no ports (all ports and
 * protocols) and either no peers (Kubernetes: an empty or missing list matches all sources/destinations), a
 * peer `ipBlock` of 0.0.0.0/0 or ::/0 without `except`, or a peer with an empty `namespaceSelector` and no
 * narrowing `podSelector` (every pod of every namespace). UNSEEN when a deciding value is unknown.
 * A rule that lists ports is not "allow-all" here: DNS or HTTPS to anywhere is a reviewed, port-bound flow.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/#NetworkPolicySpec
 */
export function openRule(rule: unknown, peersKey: "from" | "to"): OpenRule | undefined | Unseen {
  if (rule === UNSEEN || hasUnknown(rule)) return UNSEEN;
  const r = asObject(rule);
  if (!r) return undefined;
  const peers = at(r, peersKey);
  const ports = at(r, "ports");
  if (ports === UNSEEN || peers === UNSEEN) return UNSEEN;
  if (asArray(ports).length > 0) return undefined;
  if (asArray(peers).length === 0) return "no peers";
  let unseen = false;
  for (const p of asArray(peers)) {
    const peer = asObject(p);
    if (!peer) {
      if (hasUnknown(p)) unseen = true;
      continue;
    }
    const block = at(peer, "ipBlock");
    const cidr = at(block, "cidr");
    const except = at(block, "except");
    if (block === UNSEEN || cidr === UNSEEN || except === UNSEEN) unseen = true;
    else if (typeof cidr === "string" && WORLD.has(cidr.trim()) && asArray(except).length === 0)
      return "world";
    const ns = at(peer, "namespaceSelector");
    const pods = at(peer, "podSelector");
    if (ns === UNSEEN || pods === UNSEEN || hasUnknown(ns) || hasUnknown(pods)) unseen = true;
    else if (
      ns !== undefined &&
      ns !== null &&
      selectsAll(ns) &&
      (pods === undefined || pods === null || selectsAll(pods))
    )
      return "every namespace";
  }
  return unseen ? UNSEEN : undefined;
}

/** An empty label selector (`{}`): no matchLabels and no matchExpressions, which matches every object. */
function selectsAll(selector: unknown): boolean {
  const s = asObject(selector);
  if (!s) return false;
  return Object.keys(asObject(s.matchLabels) ?? {}).length === 0 && asArray(s.matchExpressions).length === 0;
}
