/**
 * The Kubernetes and Istio objects of an export that decide in-cluster reachability, read the way the
 * provider registers them: `kubernetes:<group>/<version>:<Kind>` (a `k8s.apiextensions.CustomResource`
 * registers under `kubernetes:${apiVersion}:${kind}` too), the object being the resource's inputs.
 * Label selectors are evaluated in three-valued logic: a label the export cannot show is "cannot tell".
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
import { hasUnknown, isObject, type Props } from "../network/props";
import type { ExportResource } from "../network/types";
import { desired } from "../images/workloads";
import type { Tri } from "./types";

/** One namespaced object: `<namespace>/<name>` names it in every reason. */
export interface KObject {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly spec: Props;
  /** Some value in it is unknown until apply (a preview export): the object cannot be judged. */
  readonly unknown: boolean;
}

export interface ClusterModel {
  readonly networkPolicies: readonly KObject[];
  readonly authorizationPolicies: readonly KObject[];
  readonly peerAuthentications: readonly KObject[];
  readonly requestAuthentications: readonly KObject[];
  readonly virtualServices: readonly KObject[];
  /** Namespaces in the export, with their labels. */
  readonly namespaces: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** Istio's root namespace (meshConfig.rootNamespace): its policies apply mesh-wide. */
  readonly rootNamespace: string;
}

/** Istio's default root namespace. https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/ (rootNamespace) */
export const DEFAULT_ROOT_NAMESPACE = "istio-system";

const KIND_OF_TYPE =
  /^kubernetes:(networking\.k8s\.io\/v1|security\.istio\.io\/v1(?:beta1)?|networking\.istio\.io\/v1(?:beta1|alpha3)?|core\/v1):([A-Za-z]+)$/;

export const name = (o: KObject) => `${o.namespace}/${o.name}`;

function labelsOf(meta: Props): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObject(meta.labels))
    for (const [k, v] of Object.entries(meta.labels)) if (typeof v === "string") out[k] = v;
  return out;
}

export function buildClusterModel(
  resources: readonly ExportResource[],
  rootNamespace = DEFAULT_ROOT_NAMESPACE,
): ClusterModel {
  const by: Record<string, KObject[]> = {};
  const namespaces = new Map<string, Record<string, string>>();
  for (const r of resources) {
    const m = KIND_OF_TYPE.exec(r.type);
    if (!m) continue;
    const kind = m[2]!;
    const obj = desired(r);
    const meta = isObject(obj.metadata) ? obj.metadata : {};
    const objName = typeof meta.name === "string" ? meta.name : "";
    if (m[1] === "core/v1") {
      if (kind === "Namespace" && objName) namespaces.set(objName, labelsOf(meta));
      continue;
    }
    const ns = typeof meta.namespace === "string" && meta.namespace !== "" ? meta.namespace : "default";
    const spec = isObject(obj.spec) ? obj.spec : {};
    (by[kind] ??= []).push({
      kind,
      namespace: ns,
      name: objName || r.urn,
      spec,
      unknown: hasUnknown(obj.spec) || hasUnknown(meta.namespace) || hasUnknown(meta.name),
    });
  }
  return {
    networkPolicies: by.NetworkPolicy ?? [],
    authorizationPolicies: by.AuthorizationPolicy ?? [],
    peerAuthentications: by.PeerAuthentication ?? [],
    requestAuthentications: by.RequestAuthentication ?? [],
    virtualServices: by.VirtualService ?? [],
    namespaces,
    rootNamespace,
  };
}

/**
 * A namespace's labels: those in the export, plus `kubernetes.io/metadata.name`, which the API server sets
 * on every namespace. `complete` is false for a namespace the export does not create: only its name label
 * is known. https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-namespace-by-its-name
 */
export function namespaceLabels(
  model: ClusterModel,
  ns: string,
): { labels: Record<string, string>; complete: boolean } {
  const known = model.namespaces.get(ns);
  return {
    labels: { ...(known ?? {}), "kubernetes.io/metadata.name": ns },
    complete: known !== undefined,
  };
}

const and = (a: Tri, b: Tri): Tri =>
  a === false || b === false ? false : a === true && b === true ? true : undefined;

/**
 * Whether a LabelSelector (`matchLabels` AND every `matchExpressions` requirement) selects these labels.
 * An empty selector selects everything; a malformed one is "cannot tell". With `complete` false a label
 * absent from `labels` may still exist, so only what the known labels decide is decided.
 */
export function selects(selector: unknown, labels: Readonly<Record<string, string>>, complete = true): Tri {
  if (selector === undefined || selector === null) return true;
  if (!isObject(selector) || hasUnknown(selector)) return undefined;
  let result: Tri = true;
  const has = (k: string): Tri => (k in labels ? true : complete ? false : undefined);
  const ml = selector.matchLabels;
  if (ml !== undefined) {
    if (!isObject(ml)) return undefined;
    for (const [k, v] of Object.entries(ml)) {
      const present = has(k);
      result = and(result, present === true ? labels[k] === v : present);
    }
  }
  const exprs = selector.matchExpressions;
  if (exprs !== undefined) {
    if (!Array.isArray(exprs)) return undefined;
    for (const e of exprs) {
      if (!isObject(e) || typeof e.key !== "string") return undefined;
      const values = Array.isArray(e.values)
        ? e.values.filter((x): x is string => typeof x === "string")
        : [];
      const present = has(e.key);
      const value = labels[e.key];
      let r: Tri;
      switch (e.operator) {
        case "In":
          r = present === true ? values.includes(value!) : present;
          break;
        case "NotIn":
          r = present === true ? !values.includes(value!) : present === false ? true : undefined;
          break;
        case "Exists":
          r = present;
          break;
        case "DoesNotExist":
          r = present === undefined ? undefined : !present;
          break;
        default:
          return undefined;
      }
      result = and(result, r);
    }
  }
  return result;
}

export const triAnd = and;
export const triOr = (a: Tri, b: Tri): Tri =>
  a === true || b === true ? true : a === false && b === false ? false : undefined;
export const triAny = (xs: readonly Tri[]): Tri => xs.reduce<Tri>((acc, x) => triOr(acc, x), false);
export const triAll = (xs: readonly Tri[]): Tri => xs.reduce<Tri>((acc, x) => and(acc, x), true);
