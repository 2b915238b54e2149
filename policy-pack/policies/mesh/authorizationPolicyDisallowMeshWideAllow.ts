import { namespaceOf, objectPolicy } from "../../lib/k8s";
import { AUTHORIZATION_POLICY_TYPES } from "../../lib/k8sTypes";
import { UNSEEN } from "../../lib/unknown";
import { asArray, asObject, at } from "../../lib/values";

/**
 * A policy in the root namespace (meshConfig.rootNamespace, istio-system by default) applies to every
 * workload in the mesh (with a selector: to matching workloads in every namespace). An ALLOW rule there
 * widens every namespace's allow-nothing at once. An ALLOW policy with no rules in the root namespace is
 * the mesh-wide allow-nothing and is fine; DENY and CUSTOM policies only narrow.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/ (root namespace)
 * @see https://istio.io/latest/docs/ops/best-practices/security/#use-default-deny-patterns
 */
export const authorizationPolicyDisallowMeshWideAllow = objectPolicy({
  name: "istio-authorizationpolicy-disallow-mesh-wide-allow",
  description:
    "Istio ALLOW AuthorizationPolicies with rules must not live in the root namespace (rootNamespace, " +
    "default istio-system), where they apply to every workload of every namespace: one such rule " +
    "admits its callers to all model servers at once, past each namespace's own allow-nothing. Put ALLOW " +
    "rules in the namespace of the workload they admit to.",
  catalog: ["Istio Apply default-deny authorization policies", "Istio Authorization policies"],
  remediation:
    "Move the ALLOW AuthorizationPolicy out of the root namespace into the namespace of the workload it admits to.",
  types: AUTHORIZATION_POLICY_TYPES,
  configSchema: {
    properties: {
      rootNamespace: {
        type: "string",
        default: "istio-system",
        description: "Istio's root namespace (meshConfig.rootNamespace).",
      },
    },
  },
  check: (ap, { config }) => {
    const root = typeof config.rootNamespace === "string" ? config.rootNamespace : "istio-system";
    const ns = namespaceOf(ap);
    if (ns === UNSEEN || ns !== root) return;
    const spec = asObject(at(ap, "spec"));
    if (!spec) return;
    const action = at(spec, "action");
    if (action !== undefined && action !== "ALLOW") return;
    const rules = at(spec, "rules");
    if (rules === UNSEEN || asArray(rules).length === 0) return;
    return (
      `AuthorizationPolicy ALLOW in the root namespace ${root} applies mesh-wide: move its rules to the ` +
      "namespace of the workloads they admit to (keep only an allow-nothing policy, spec {}, here)."
    );
  },
});
