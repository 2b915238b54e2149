import { objectPolicy } from "../../lib/k8s";
import { AUTHORIZATION_POLICY_TYPES } from "../../lib/k8sTypes";
import { UNSEEN } from "../../lib/unknown";
import { asArray, asObject, at, hasUnknown, isUnknown, knownStrings } from "../../lib/values";
import { allowRules } from "../../lib/istio";

/** `when` keys that identify the caller: its mesh identity or its validated JWT. */
const IDENTITY_KEYS =
  /^(source\.principal|source\.namespace|request\.auth\.(principal|audiences|presenter|claims\[.+\]))$/;

const named = (list: string[]) => list.some((v) => v.trim() !== "*" && v.trim() !== "");

/** true: the source names who may call; false: it does not; UNSEEN: cannot tell. */
function sourceIdentifies(source: unknown): boolean | typeof UNSEEN {
  if (isUnknown(source) || source === UNSEEN) return UNSEEN;
  const s = asObject(source);
  if (!s) return false;
  for (const key of ["principals", "namespaces", "requestPrincipals"]) if (hasUnknown(s[key])) return UNSEEN;
  // principals/namespaces "*" match any authenticated peer; requestPrincipals "*" still demands a valid JWT.
  if (named(knownStrings(s.principals)) || named(knownStrings(s.namespaces))) return true;
  return knownStrings(s.requestPrincipals).some((v) => v.trim() !== "");
}

/** true: some `when` condition pins the caller's identity; UNSEEN: cannot tell. */
function conditionIdentifies(when: unknown): boolean | typeof UNSEEN {
  let unseen = false;
  for (const c of asArray(when)) {
    const key = at(c, "key");
    if (key === UNSEEN || hasUnknown(at(c, "values"))) {
      unseen = true;
      continue;
    }
    if (typeof key === "string" && IDENTITY_KEYS.test(key) && named(knownStrings(at(c, "values"))))
      return true;
  }
  return unseen ? UNSEEN : false;
}

/**
 * An ALLOW rule admits whoever matches its `from`; without a source naming principals, namespaces or
 * request principals (or a `when` on source.principal / request.auth.*), anyone who can reach the pod
 * matches: a rule with only `to` or `when`, `principals: ["*"]` (any workload), or only `notPrincipals`
 * / `notNamespaces` / IP blocks. Each `from` entry is ORed, so every entry must identify the caller.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source
 * @see https://istio.io/latest/docs/ops/best-practices/security/#use-allow-with-positive-matching-and-deny-with-negative-match
 */
export const authorizationPolicyRequireSourceIdentity = objectPolicy({
  name: "istio-authorizationpolicy-require-source-identity",
  description:
    "Every rule of an Istio ALLOW AuthorizationPolicy (action ALLOW or omitted) must say who may " +
    "call, with a from.source naming principals or namespaces (not only the wildcard), or " +
    "requestPrincipals (a valid JWT), or a when condition on source.principal or a request.auth key: " +
    "rules with only to or when, wildcard principals, or only notPrincipals, notNamespaces or " +
    "ipBlocks let any workload, or any caller, through to the model servers.",
  catalog: ["Istio Mutual TLS", "Istio Authorization policies"],
  remediation:
    "Add a from.source with principals or namespaces (or requestPrincipals) to every rule of the ALLOW AuthorizationPolicy.",
  types: AUTHORIZATION_POLICY_TYPES,
  check: (ap) => {
    const out: string[] = [];
    allowRules(ap).forEach((rule, i) => {
      if (isUnknown(rule) || !asObject(rule)) return;
      const from = at(rule, "from");
      if (from === UNSEEN) return;
      const byWhen = conditionIdentifies(at(rule, "when"));
      if (byWhen === true || byWhen === UNSEEN) return;
      const entries = asArray(from);
      const verdicts = entries.map((e) => sourceIdentifies(at(e, "source")));
      if (verdicts.includes(UNSEEN)) return;
      if (entries.length === 0)
        out.push(
          `AuthorizationPolicy ALLOW rule #${i + 1} has no from: any caller matches; add from.source.principals ` +
            "(or requestPrincipals for end users).",
        );
      else if (verdicts.includes(false))
        out.push(
          `AuthorizationPolicy ALLOW rule #${i + 1} has a from.source that names no caller (no principals or ` +
            "namespaces other than *, no requestPrincipals): name the principals it admits.",
        );
    });
    return out;
  },
});
