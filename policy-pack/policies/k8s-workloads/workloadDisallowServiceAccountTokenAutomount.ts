import { workloadPolicy } from "../../lib/k8s";
import { UNSEEN } from "../../lib/unknown";
import { at } from "../../lib/values";

/**
 * The pod's field overrides its ServiceAccount's, so setting it on the pod is what makes a workload safe
 * whatever account it runs as.
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
 */
export const workloadDisallowServiceAccountTokenAutomount = workloadPolicy({
  name: "kubernetes-workload-disallow-service-account-token-automount",
  description:
    "Pod specs must set automountServiceAccountToken: false. Otherwise every container gets a Kubernetes API " +
    "token at /var/run/secrets/kubernetes.io/serviceaccount, which is what an attacker in a model server " +
    "uses next. A workload that needs the API mounts a projected serviceAccountToken volume explicitly.",
  catalog: ["CKV_K8S_38", "AVD-KSV-0036", "CIS EKS 4.1.6", "NSA-CISA Protecting Pod service account tokens"],
  remediation:
    "Set automountServiceAccountToken to false in the pod spec and mount a projected serviceAccountToken volume only where the API is needed.",
  check: ({ podSpec, partial }) => {
    const v = at(podSpec, "automountServiceAccountToken");
    if (v === false || v === UNSEEN) return;
    if (partial && v !== true) return;
    return (
      "Pod spec does not set automountServiceAccountToken: false: every container gets a Kubernetes API " +
      "token; mount a projected serviceAccountToken volume only where the API is needed."
    );
  },
});
