import { containersOf, effective, workloadPolicy } from "../../lib/k8s";

/**
 * Pod Security "restricted": Running as Non-root user. `runAsUser: 0` (on the pod, or on a container,
 * which overrides it) is root whatever `runAsNonRoot` says; the kubelet then refuses to start the pod when
 * runAsNonRoot is true, or runs it as root when it is not.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const workloadDisallowRootUser = workloadPolicy({
  name: "kubernetes-workload-disallow-root-user",
  description:
    "No container (including init and ephemeral containers) may set runAsUser: 0, on the pod or on the " +
    "container: UID 0 is root inside the container and, on escape or through a host mount, on the node.",
  catalog: ["PSS restricted: Running as Non-root user", "AVD-KSV-0105"],
  remediation:
    "Set securityContext.runAsUser to a non-zero UID wherever it is set, on the pod or a container.",
  check: ({ podSpec }) => {
    const out: string[] = [];
    for (const ref of containersOf(podSpec)) {
      if (effective(podSpec, ref, "runAsUser") === 0)
        out.push(`${ref.label} runs as UID 0 (root): set securityContext.runAsUser to a non-zero UID.`);
    }
    return out;
  },
});
