import { containersOf, effective, workloadPolicy } from "../../lib/k8s";
import { UNSEEN } from "../../lib/unknown";
import { at, asObject } from "../../lib/values";

const ALLOWED = new Set(["RuntimeDefault", "Localhost"]);

/**
 * Pod Security "restricted": Seccomp — RuntimeDefault or Localhost must be set on the pod or on every
 * container; Unconfined and the absence of a profile are both forbidden.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 * @see https://kubernetes.io/docs/tutorials/security/seccomp/
 */
export const workloadRequireSeccompProfile = workloadPolicy({
  name: "kubernetes-workload-require-seccomp-profile",
  description:
    "Every container (including init and ephemeral containers) must run under a seccomp profile: " +
    "securityContext.seccompProfile.type RuntimeDefault or Localhost, on the pod or the container. " +
    "Unconfined (the kubelet's default) leaves the whole kernel syscall surface open to an escape.",
  catalog: ["PSS restricted: Seccomp", "PSS baseline: Seccomp", "CKV_K8S_31", "AVD-KSV-0030", "AVD-KSV-0104"],
  remediation:
    "Set securityContext.seccompProfile.type to RuntimeDefault (or Localhost) on the pod, and Unconfined on no container.",
  check: ({ podSpec, partial }) => {
    const out: string[] = [];
    for (const ref of containersOf(podSpec)) {
      const profile = effective(podSpec, ref, "seccompProfile");
      if (profile === UNSEEN) continue;
      const type = asObject(profile) ? at(profile, "type") : undefined;
      if (type === UNSEEN || (typeof type === "string" && ALLOWED.has(type))) continue;
      if (type === undefined || type === null) {
        if (partial) continue;
        out.push(
          `${ref.label} has no seccomp profile: set securityContext.seccompProfile.type: RuntimeDefault ` +
            "on the pod or the container.",
        );
      } else {
        out.push(
          `${ref.label} runs with seccomp profile ${String(type)}: set securityContext.seccompProfile.type ` +
            "to RuntimeDefault or Localhost.",
        );
      }
    }
    return out;
  },
});
