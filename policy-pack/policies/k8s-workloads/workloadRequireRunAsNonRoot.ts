import { containersOf, effective, workloadPolicy } from "../../lib/k8s";
import { UNSEEN } from "../../lib/unknown";

/**
 * Pod Security "restricted": Running as Non-root. `runAsNonRoot` must be true on the pod, or on every
 * container (a container's value overrides the pod's).
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const workloadRequireRunAsNonRoot = workloadPolicy({
  name: "kubernetes-workload-require-run-as-non-root",
  description:
    "Every container (including init and ephemeral containers) must run with runAsNonRoot: true, set on the " +
    "pod or on the container. Without it an image whose USER is root runs as root, and a container escape " +
    "or a writable host mount then acts as root on the node.",
  catalog: [
    "PSS restricted: Running as Non-root",
    "CKV_K8S_23",
    "AVD-KSV-0012",
    "CIS EKS 4.2.6",
    "NSA-CISA Non-root containers",
  ],
  remediation: "Set securityContext.runAsNonRoot to true on the pod, and on no container to false.",
  check: ({ podSpec, partial }) => {
    const out: string[] = [];
    for (const ref of containersOf(podSpec)) {
      const v = effective(podSpec, ref, "runAsNonRoot");
      if (v === true || v === UNSEEN) continue;
      if (partial && v !== false) continue;
      out.push(
        `${ref.label} may run as root: set securityContext.runAsNonRoot: true on the pod or the container.`,
      );
    }
    return out;
  },
});
