/**
 * Istio AuthorizationPolicy on the target's sidecar: CUSTOM policies are skipped (their decision lives in
 * an external authorizer), then any matching DENY denies, then, when any ALLOW policy applies to the
 * workload, the request must match one of them (an ALLOW policy without rules — `spec: {}` — matches
 * nothing: allow-nothing). Policies in the root namespace apply to every workload of the mesh.
 * @see https://istio.io/latest/docs/concepts/security/#authorization-policy-precedence
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 */
import { isObject, type Props } from "../network/props";
import { name, selects, triAll, triAnd, triAny, type ClusterModel, type KObject } from "./model";
import type { RequestIdentity } from "./peerAuthentication";
import type { ClusterTarget, LayerResult, Tri } from "./types";

/** What a rule can match on: `null` the attribute is absent, `undefined` cannot tell. */
export interface RequestAttributes extends RequestIdentity {
  readonly serviceAccount: string | null | undefined;
  readonly host: string | undefined;
  readonly port: number;
  readonly method: string;
  readonly path: string;
}

/**
 * Istio's string match: exact, `*` (any non-empty value), prefix `abc*`, suffix `*abc`. Path templates
 * (`{*}`, `{**}`) cannot be told here.
 */
export function stringMatch(pattern: string, value: string | null | undefined, caseless = false): Tri {
  if (value === undefined) return undefined;
  if (value === null) return false;
  const [p, v] = caseless ? [pattern.toLowerCase(), value.toLowerCase()] : [pattern, value];
  if (p === "*") return v.length > 0;
  if (p.includes("{")) return undefined;
  if (p.endsWith("*")) return v.startsWith(p.slice(0, -1));
  if (p.startsWith("*")) return v.endsWith(p.slice(1));
  return p === v;
}

type Matcher = (pattern: string) => Tri;

/** A positive field (any value matches) and its `not` twin (no value matches); unset or empty is no constraint. */
function field(o: Props, key: string, match: Matcher): Tri {
  const notKey = `not${key[0]!.toUpperCase()}${key.slice(1)}`;
  const list = (v: unknown): string[] | undefined | "bad" =>
    v === undefined ? undefined : Array.isArray(v) && v.every((x) => typeof x === "string") ? v : "bad";
  const pos = list(o[key]);
  const neg = list(o[notKey]);
  if (pos === "bad" || neg === "bad") return undefined;
  const anyOf = (xs: string[]) => triAny(xs.map(match));
  const p: Tri = pos && pos.length > 0 ? anyOf(pos) : true;
  const n: Tri = neg && neg.length > 0 ? ((x) => (x === undefined ? undefined : !x))(anyOf(neg)) : true;
  return triAnd(p, n);
}

const SOURCE_KEYS = ["principals", "requestPrincipals", "namespaces", "serviceAccounts"];
const OPERATION_KEYS = ["hosts", "ports", "methods", "paths"];
/** Fields this evaluator does not model: a rule using them cannot be told. */
const UNMODELLED = ["ipBlocks", "remoteIpBlocks", "notIpBlocks", "notRemoteIpBlocks"];

function sourceMatch(s: unknown, a: RequestAttributes): Tri {
  if (!isObject(s)) return undefined;
  if (UNMODELLED.some((k) => s[k] !== undefined)) return undefined;
  if (
    Object.keys(s).some(
      (k) => !SOURCE_KEYS.some((f) => k === f || k === `not${f[0]!.toUpperCase()}${f.slice(1)}`),
    )
  )
    return undefined;
  return triAll([
    field(s, "principals", (p) => stringMatch(p, a.principal)),
    field(s, "requestPrincipals", (p) => stringMatch(p, a.requestPrincipal)),
    field(s, "namespaces", (p) => stringMatch(p, a.namespace)),
    field(s, "serviceAccounts", (p) => stringMatch(p, a.serviceAccount)),
  ]);
}

function operationMatch(o: unknown, a: RequestAttributes): Tri {
  if (!isObject(o)) return undefined;
  if (
    Object.keys(o).some(
      (k) => !OPERATION_KEYS.some((f) => k === f || k === `not${f[0]!.toUpperCase()}${f.slice(1)}`),
    )
  )
    return undefined;
  return triAll([
    field(o, "hosts", (p) => stringMatch(p, a.host, true)),
    field(o, "ports", (p) => (/^\d+$/.test(p) ? Number(p) === a.port : undefined)),
    field(o, "methods", (p) => stringMatch(p, a.method)),
    field(o, "paths", (p) => stringMatch(p, a.path)),
  ]);
}

/** `when` keys this evaluator reads; any other key cannot be told. */
function conditionMatch(c: unknown, a: RequestAttributes): Tri {
  if (!isObject(c) || typeof c.key !== "string") return undefined;
  const value: Record<string, string | null | undefined> = {
    "source.principal": a.principal,
    "source.namespace": a.namespace,
    "request.auth.principal": a.requestPrincipal,
    "destination.port": String(a.port),
  };
  if (!(c.key in value)) return undefined;
  return field({ values: c.values, notValues: c.notValues }, "values", (p) =>
    stringMatch(p, value[c.key as string]),
  );
}

/** Whether one rule matches: every `from` source OR'd, every `to` operation OR'd, every `when` AND'ed. */
export function ruleMatches(rule: unknown, a: RequestAttributes): Tri {
  if (!isObject(rule)) return undefined;
  const anyOf = (v: unknown, f: (x: unknown) => Tri, key: string): Tri =>
    v === undefined || (Array.isArray(v) && v.length === 0)
      ? true
      : Array.isArray(v)
        ? triAny(v.map((x) => (isObject(x) ? f(x[key]) : undefined)))
        : undefined;
  const when =
    rule.when === undefined
      ? true
      : Array.isArray(rule.when)
        ? triAll(rule.when.map((c) => conditionMatch(c, a)))
        : undefined;
  return triAll([
    anyOf(rule.from, (s) => sourceMatch(s, a), "source"),
    anyOf(rule.to, (o) => operationMatch(o, a), "operation"),
    when,
  ]);
}

/** Whether a policy applies to the target workload (root namespace: every namespace). */
function applies(model: ClusterModel, p: KObject, target: ClusterTarget, notes: string[]): Tri {
  if (p.namespace !== target.namespace && p.namespace !== model.rootNamespace) return false;
  if (p.spec.targetRef !== undefined || p.spec.targetRefs !== undefined) {
    notes.push(`${name(p)} targets a Gateway or Service (targetRef), not sidecars: skipped`);
    return false;
  }
  if (p.unknown) return undefined;
  return selects(p.spec.selector, target.labels);
}

const matchesAny = (p: KObject, a: RequestAttributes): Tri =>
  Array.isArray(p.spec.rules)
    ? triAny(p.spec.rules.map((r) => ruleMatches(r, a)))
    : p.spec.rules === undefined
      ? false
      : undefined;

export function authorizationLayer(
  model: ClusterModel,
  target: ClusterTarget,
  a: RequestAttributes,
  notes: string[],
): LayerResult {
  const deny: { p: KObject; m: Tri }[] = [];
  const allow: { p: KObject; applies: Tri; m: Tri }[] = [];
  for (const p of model.authorizationPolicies) {
    const ap = applies(model, p, target, notes);
    if (ap === false) continue;
    const action = p.spec.action ?? "ALLOW";
    if (action === "CUSTOM") {
      notes.push(`${name(p)} is a CUSTOM policy (an external authorizer decides): skipped`);
      continue;
    }
    if (action === "AUDIT") continue;
    const m = triAnd(ap, matchesAny(p, a));
    if (action === "DENY") deny.push({ p, m });
    else if (action === "ALLOW") allow.push({ p, applies: ap, m });
    else allow.push({ p, applies: undefined, m: undefined });
  }
  const layer = (decision: LayerResult["decision"], reason: string): LayerResult => ({
    layer: "authorizationPolicy",
    decision,
    reason,
  });
  const denied = deny.find((d) => d.m === true);
  if (denied) return layer("deny", `denied by DENY policy ${name(denied.p)}`);
  const anyAllow = triAny(allow.map((x) => x.applies));
  const allowedBy = allow.find((x) => x.m === true);
  const allowSide: Tri =
    anyAllow === false
      ? true
      : allowedBy
        ? true
        : anyAllow === true && triAny(allow.map((x) => x.m)) === false
          ? false
          : undefined;
  if (allowSide === false)
    return layer(
      "deny",
      `no ALLOW rule matches (${allow
        .filter((x) => x.applies === true)
        .map((x) => name(x.p))
        .join(", ")} apply: allow-nothing by default)`,
    );
  const denyUnknown = deny.filter((d) => d.m === undefined).map((d) => name(d.p));
  if (denyUnknown.length > 0)
    return layer("undecidable", `DENY policies cannot be decided: ${denyUnknown.join(", ")}`);
  if (allowSide === undefined)
    return layer(
      "undecidable",
      `ALLOW policies cannot be decided: ${allow
        .filter((x) => x.m === undefined)
        .map((x) => name(x.p))
        .join(", ")}`,
    );
  return layer(
    "allow",
    allowedBy ? `allowed by ${name(allowedBy.p)}` : "no ALLOW policy applies to the workload (allowed)",
  );
}
