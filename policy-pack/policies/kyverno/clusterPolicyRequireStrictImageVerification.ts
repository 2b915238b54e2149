import { objectPolicy } from "../../lib/k8s";
import { UNSEEN } from "../../lib/unknown";
import { asString, at } from "../../lib/values";
import { imageRules, KYVERNO_POLICY_TYPES } from "../../lib/kyverno";

const isFalse = (v: unknown) => v === false || v === "false";
const isTrueOrDefault = (v: unknown) => v === undefined || v === true || v === "true";

/**
 * What makes a verifyImages rule verify: `required` (an image that matches and carries no verified
 * signature is refused; default true), `verifyDigest` (the image must be by digest, so the signature
 * checked is that of the image that runs; default true). `mutateDigest` (default true) rewrites a tag to
 * the digest Kyverno resolved: with `verifyDigest` off, a tag is admitted and pinned after the fact
 * rather than required. A policy whose webhook fails open (`failurePolicy: Ignore`) admits everything
 * while Kyverno is down; `spec.webhookConfiguration.failurePolicy` (Kyverno 1.13+) decides it over the
 * deprecated `spec.failurePolicy`. `spec.admission: false` keeps the rules out of admission altogether
 * (background reports only).
 * @see https://github.com/kyverno/kyverno/blob/v1.19.0/api/kyverno/v1/spec_types.go (GetFailurePolicy, Admission)
 * @see https://kyverno.io/docs/policy-types/cluster-policy/verify-images/#verifying-image-signatures
 * @see https://github.com/kyverno/kyverno/blob/v1.19.0/api/kyverno/v1/image_verification_types.go
 */
export const clusterPolicyRequireStrictImageVerification = objectPolicy({
  name: "kyverno-clusterpolicy-require-strict-image-verification",
  description:
    "Kyverno verifyImages rules must require a verified signature (required: true), require digests " +
    "(verifyDigest: true; mutateDigest rewrites tags instead of refusing them) and fail closed " +
    "(failurePolicy: Fail): otherwise unsigned or mutable images are admitted.",
  // No catalog checks Kyverno policies; the closest general controls are the ones this admission rule
  // enforces: approved registries only (CIS EKS 5.1.4, AVD-KSV-0125).
  catalog: ["CIS EKS 5.1.4", "AVD-KSV-0125"],
  remediation:
    "Set spec.webhookConfiguration.failurePolicy (or spec.failurePolicy) to Fail, leave spec.admission unset and required and verifyDigest at true on every verifyImages rule.",
  types: KYVERNO_POLICY_TYPES,
  check: (o) => {
    const rules = imageRules(o);
    if (rules.length === 0) return;
    const label = `Kyverno ${o.kind ?? "policy"} "${asString(o.metadata?.name) ?? "policy"}"`;
    const out: string[] = [];
    // Kyverno's GetFailurePolicy: spec.webhookConfiguration.failurePolicy, else the deprecated spec.failurePolicy.
    const own = at(o, "spec", "webhookConfiguration", "failurePolicy");
    const [fp, fpField] =
      own !== undefined && own !== null
        ? [own, "spec.webhookConfiguration.failurePolicy"]
        : [at(o, "spec", "failurePolicy"), "spec.failurePolicy"];
    if (fp !== UNSEEN && asString(fp)?.toLowerCase() === "ignore")
      out.push(
        `${label} sets ${fpField}: Ignore, admitting every pod while Kyverno is down: set it to Fail.`,
      );
    if (isFalse(at(o, "spec", "admission")))
      out.push(
        `${label} sets spec.admission: false, so its rules never run at admission and every image is admitted: remove it.`,
      );
    for (const r of rules) {
      const v = r.verify;
      if (isFalse(v.required))
        out.push(
          `${label} ${r.label} sets required: false, admitting images without a verified signature: remove it.`,
        );
      if (isFalse(v.verifyDigest))
        out.push(
          `${label} ${r.label} sets verifyDigest: false${isTrueOrDefault(v.mutateDigest) ? " (mutateDigest rewrites tags to digests instead)" : ""}: require digests (verifyDigest: true).`,
        );
    }
    return out;
  },
});
