import { containersOf, k8sStackPolicy, WORKLOAD_TYPES, workloadOf } from "../../lib/k8s";
import { asString, at } from "../../lib/values";
import { imageRules, KYVERNO_POLICY_TYPES, ruleNamespaces } from "../../lib/kyverno";
import { parseImage } from "./workloadRequirePinnedImage";

/**
 * Where the stack admits only signed images (a Kyverno policy with verifyImages rules matching some
 * namespaces), its own workloads there must name images the policy admits: from the registry path its
 * imageReferences name, by digest. Otherwise `pulumi up` deploys a workload the cluster refuses (or, in
 * Audit, runs an image nobody signed). Every pod-template kind, init and ephemeral containers included.
 * @see https://kyverno.io/docs/policy-types/cluster-policy/verify-images/
 */
export const workloadRequireInferenceImageFromRegistry = k8sStackPolicy({
  name: "kubernetes-workload-require-inference-image-from-registry",
  description:
    "Workloads in namespaces where a Kyverno policy verifies image signatures must use images from the " +
    "registry path that policy admits (its imageReferences), pinned by digest: an image by tag or from " +
    "another registry is refused at admission, or runs unverified.",
  catalog: ["AVD-KSV-0125", "CKV_K8S_43", "CIS EKS 5.1.4"],
  remediation:
    "Set each container image to one under the registry path the namespace's Kyverno policy admits, pinned by digest (image@sha256:...).",
  types: [...WORKLOAD_TYPES, ...KYVERNO_POLICY_TYPES],
  check: (resources) => {
    // namespace -> registry prefixes admitted there
    const admitted = new Map<string, Set<string>>();
    for (const r of resources.filter((x) => KYVERNO_POLICY_TYPES.includes(x.type))) {
      const policyNs = asString(at(r.props, "metadata", "namespace"));
      for (const ir of imageRules(r.props)) {
        const namespaces = /:Policy$/.test(r.type) && policyNs ? [policyNs] : ruleNamespaces(ir.rule);
        const prefixes = (Array.isArray(ir.verify.imageReferences) ? ir.verify.imageReferences : [])
          .map(asString)
          .filter((s): s is string => s !== undefined && s.endsWith("*"))
          .map((s) => s.slice(0, -1));
        for (const ns of namespaces) {
          const set = admitted.get(ns) ?? new Set<string>();
          prefixes.forEach((p) => set.add(p));
          admitted.set(ns, set);
        }
      }
    }
    if (admitted.size === 0) return [];
    const out: { message: string; urn: string }[] = [];
    for (const r of resources) {
      const w = workloadOf(r.type, r.props);
      const ns = asString(at(r.props, "metadata", "namespace"));
      const prefixes = ns ? admitted.get(ns) : undefined;
      if (!w || !prefixes || prefixes.size === 0) continue;
      for (const ref of containersOf(w.podSpec)) {
        const image = asString(ref.container.image);
        if (image === undefined) continue;
        const fromUs = [...prefixes].some((p) => image.startsWith(p));
        const { digest } = parseImage(image);
        if (!fromUs)
          out.push({
            urn: r.urn,
            message: `${w.kind} "${r.name}" in ${ns}: ${ref.label} uses "${image}", which is not from ${[...prefixes].map((p) => `${p}*`).join(" or ")} (admitted there by Kyverno): push it to our registry and use it by digest.`,
          });
        else if (!digest)
          out.push({
            urn: r.urn,
            message: `${w.kind} "${r.name}" in ${ns}: ${ref.label} uses "${image}" without a digest: pin it (image@sha256:...).`,
          });
      }
    }
    return out;
  },
});
