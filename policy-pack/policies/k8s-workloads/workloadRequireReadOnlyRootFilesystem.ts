import { containersOf, workloadPolicy } from "../../lib/k8s";
import { UNSEEN } from "../../lib/unknown";
import { at } from "../../lib/values";

/**
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
 * @see https://www.cisa.gov/resources-tools/resources/kubernetes-hardening-guide (immutable containers)
 */
export const workloadRequireReadOnlyRootFilesystem = workloadPolicy({
  name: "kubernetes-workload-require-read-only-root-filesystem",
  description:
    "Every container (including init and ephemeral containers) must set " +
    "securityContext.readOnlyRootFilesystem: true, with emptyDir mounts where it must write. A writable root " +
    "filesystem lets an attacker drop tools or tamper with the served model's code at run time.",
  catalog: ["CKV_K8S_22", "AVD-KSV-0014", "NSA-CISA Immutable container file systems"],
  remediation:
    "Set securityContext.readOnlyRootFilesystem to true on every container and mount an emptyDir where it must write.",
  check: ({ podSpec, partial }) => {
    const out: string[] = [];
    for (const ref of containersOf(podSpec)) {
      const v = at(ref.container, "securityContext", "readOnlyRootFilesystem");
      if (v === true || v === UNSEEN) continue;
      if (partial && v !== false) continue;
      out.push(
        `${ref.label} has a writable root filesystem: set securityContext.readOnlyRootFilesystem: true ` +
          "(mount an emptyDir where it must write).",
      );
    }
    return out;
  },
});
