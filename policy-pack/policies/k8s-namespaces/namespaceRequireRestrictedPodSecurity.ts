import { metaValue, nameOf, objectPolicy, typesOf } from "../../lib/k8s";
import { UNSEEN } from "../../lib/unknown";
import { knownStrings } from "../../lib/values";

export const PSA_ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";

/**
 * Pod Security Admission enforces the level a namespace's label names; without the label the cluster
 * default (privileged, unless the admission configuration says otherwise) applies.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/
 *
 * kube-system is exempt by default: the CNI (aws-node), kube-proxy and CSI node drivers there need host
 * access, and labelling it restricted breaks the cluster. kube-public and kube-node-lease hold no pods, so
 * restricted costs nothing there and they are not exempt. A namespace for other node agents (istio-cni,
 * the NVIDIA device plugin) must be listed explicitly in the stack's policy config.
 */
export const namespaceRequireRestrictedPodSecurity = objectPolicy({
  name: "kubernetes-namespace-require-restricted-pod-security",
  description:
    'Namespaces must enforce the Pod Security "restricted" level (label pod-security.kubernetes.io/enforce: ' +
    "restricted), so the API server itself rejects privileged, root or host-sharing pods however they are " +
    "created — by a chart, an operator or kubectl — not only those this pack sees. Namespaces in " +
    "exemptNamespaces (default kube-system) are skipped.",
  catalog: ["CIS EKS 4.2.1", "CIS EKS 4.2.6", "NSA-CISA Pod security enforcement"],
  remediation:
    'Set the namespace label pod-security.kubernetes.io/enforce to "restricted" (or list a node-agent namespace in exemptNamespaces).',
  types: typesOf(["core/v1"], ["Namespace"]),
  configSchema: {
    properties: {
      exemptNamespaces: {
        type: "array",
        items: { type: "string" },
        default: ["kube-system"],
        description: "Namespaces that may run below restricted (node agents that need host access).",
      },
    },
  },
  check: (ns, { config, partial }) => {
    const name = nameOf(ns);
    if (name !== undefined && knownStrings(config.exemptNamespaces).includes(name)) return;
    const level = metaValue(ns, "labels", PSA_ENFORCE_LABEL);
    if (level === UNSEEN || level === "restricted") return;
    if (level === undefined) {
      if (partial) return;
      return `Namespace has no ${PSA_ENFORCE_LABEL} label (the cluster default is privileged): set it to restricted.`;
    }
    return `Namespace enforces Pod Security "${level}": set the ${PSA_ENFORCE_LABEL} label to restricted.`;
  },
});
