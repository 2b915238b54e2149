import { objectPolicy } from "../../lib/k8s";
import { UNSEEN } from "../../lib/unknown";
import { asArray, at, isUnknown, asObject } from "../../lib/values";
import { AUTHORIZATION_POLICY_TYPES } from "../../lib/k8sTypes";
import { allowRules } from "../../lib/istio";

/** A `from` source or `to` operation with no field set matches everything. */
function unconstrained(entry: unknown, key: "source" | "operation"): boolean | typeof UNSEEN {
  const e = at(entry, key);
  if (e === UNSEEN || isUnknown(entry)) return UNSEEN;
  const fields = asObject(e);
  if (!fields) return true;
  for (const v of Object.values(fields)) {
    if (isUnknown(v)) return UNSEEN;
    if (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null) return false;
  }
  return true;
}

/** A rule matches every request when each of from, to and when is empty or has an unconstrained entry. */
function matchesAll(rule: unknown): boolean | typeof UNSEEN {
  if (isUnknown(rule)) return UNSEEN;
  const r = asObject(rule);
  if (!r) return false;
  const from = at(r, "from");
  const to = at(r, "to");
  const when = at(r, "when");
  if (from === UNSEEN || to === UNSEEN || when === UNSEEN) return UNSEEN;
  if (asArray(when).length > 0) return false;
  let unseen = false;
  for (const [list, key] of [
    [from, "source"],
    [to, "operation"],
  ] as const) {
    const entries = asArray(list);
    if (entries.length === 0) continue;
    const verdicts = entries.map((e) => unconstrained(e, key));
    if (verdicts.includes(true)) continue;
    if (verdicts.includes(UNSEEN)) unseen = true;
    else return false;
  }
  return unseen ? UNSEEN : true;
}

/**
 * An ALLOW policy with a rule that matches everything (`rules: [{}]`) allows every request to the
 * selected workloads — Istio's documented "allow-all" example. An empty spec (`{}`) is the opposite: an
 * ALLOW policy with no rules matches nothing, so it denies all, and is not flagged.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 * @see https://istio.io/latest/docs/concepts/security/#allow-nothing-deny-all-and-allow-all-policy
 */
export const authorizationPolicyDisallowAllowAll = objectPolicy({
  name: "istio-authorizationpolicy-disallow-allow-all",
  description:
    "Istio AuthorizationPolicies with action ALLOW (the default) must not contain a rule that matches every " +
    "request (an empty rule {}, or one whose from, to and when are all empty). Such a policy overrides the " +
    "mesh's default-deny for the workloads it selects, so any caller, with or without a mesh identity, " +
    "reaches them.",
  catalog: ["Istio Apply default-deny authorization policies", "Istio Authorization policies"],
  remediation:
    "Give every rule of the ALLOW AuthorizationPolicy a from.source, to.operation or when condition that names what it admits, or delete the empty rule.",
  types: AUTHORIZATION_POLICY_TYPES,
  check: (ap) => {
    const out: string[] = [];
    allowRules(ap).forEach((rule, i) => {
      if (matchesAll(rule) === true)
        out.push(
          `AuthorizationPolicy ALLOW rule #${i + 1} matches every request: name the principals, namespaces ` +
            "or operations it allows.",
        );
    });
    return out;
  },
});
