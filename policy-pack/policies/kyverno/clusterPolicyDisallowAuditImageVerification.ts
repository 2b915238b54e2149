import { objectPolicy } from "../../lib/k8s";
import { asArray, asObject, asString } from "../../lib/values";
import { action, imageRules, KYVERNO_POLICY_TYPES } from "../../lib/kyverno";

/**
 * In Audit, Kyverno admits a pod whose image is unsigned or signed by another key and only reports it:
 * the admission control the supply chain relies on does nothing. Audit comes from the rule's
 * `failureAction`, the deprecated spec-level `validationFailureAction`, Kyverno's default when neither
 * is set, or a per-namespace override (`validationFailureActionOverrides`, `failureActionOverrides`).
 * @see https://kyverno.io/docs/policy-types/cluster-policy/verify-images/
 * @see https://github.com/kyverno/kyverno/blob/v1.19.0/api/kyverno/v1/image_verification_types.go
 */
export const clusterPolicyDisallowAuditImageVerification = objectPolicy({
  name: "kyverno-clusterpolicy-disallow-audit-image-verification",
  description:
    "Kyverno policies that verify images must enforce: a verifyImages rule in Audit (its failureAction, the " +
    "deprecated spec.validationFailureAction, Kyverno's default when neither is set, or a per-namespace " +
    "override) admits unsigned images and only reports them.",
  // No catalog checks Kyverno policies; the closest general controls are the ones this admission rule
  // enforces: approved registries only (CIS EKS 5.1.4, AVD-KSV-0125).
  catalog: ["CIS EKS 5.1.4", "AVD-KSV-0125"],
  remediation:
    "Set failureAction to Enforce on every verifyImages rule and remove the Audit entries of validationFailureActionOverrides and failureActionOverrides.",
  types: KYVERNO_POLICY_TYPES,
  check: (o, { partial }) => {
    const rules = imageRules(o);
    if (rules.length === 0) return;
    const name = asString(o.metadata?.name) ?? "policy";
    const out: string[] = [];
    for (const r of rules)
      // A Server-Side Apply patch that writes no action leaves the live one alone: only an explicit Audit counts.
      if (r.action === "Audit" && !(partial && r.from.startsWith("the default")))
        out.push(
          `Kyverno ${o.kind ?? "policy"} "${name}" ${r.label} is in Audit (${r.from}): set failureAction: Enforce.`,
        );
    const spec = asObject(o.spec) ?? {};
    for (const key of ["validationFailureActionOverrides"]) {
      for (const ov of asArray(spec[key])) {
        const x = asObject(ov);
        if (x && action(x.action) === "Audit")
          out.push(
            `Kyverno ${o.kind ?? "policy"} "${name}" audits in ${asArray(x.namespaces).join(", ") || "some namespaces"} (spec.${key}): remove the override.`,
          );
      }
    }
    for (const r of rules)
      for (const ov of asArray(r.verify.failureActionOverrides)) {
        const x = asObject(ov);
        if (x && action(x.action) === "Audit")
          out.push(
            `Kyverno ${o.kind ?? "policy"} "${name}" ${r.label} audits in ${asArray(x.namespaces).join(", ") || "some namespaces"} (failureActionOverrides): remove the override.`,
          );
      }
    return out;
  },
});
