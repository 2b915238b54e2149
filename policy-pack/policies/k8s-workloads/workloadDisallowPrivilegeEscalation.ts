import { containersOf, workloadPolicy } from "../../lib/k8s";
import { UNSEEN } from "../../lib/unknown";
import { at } from "../../lib/values";

/**
 * Pod Security "restricted": Privilege Escalation. `allowPrivilegeEscalation` defaults to true, so it must
 * be written as false on every container.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
 */
export const workloadDisallowPrivilegeEscalation = workloadPolicy({
  name: "kubernetes-workload-disallow-privilege-escalation",
  description:
    "Every container (including init and ephemeral containers) must set " +
    "securityContext.allowPrivilegeEscalation: false. It defaults to true, which lets a process gain more " +
    "privileges than its parent through setuid binaries or file capabilities (no_new_privs is off).",
  catalog: [
    "PSS restricted: Privilege Escalation",
    "CKV_K8S_20",
    "AVD-KSV-0001",
    "CIS EKS 4.2.5",
    "NSA-CISA Restricts escalation to root privileges",
  ],
  remediation:
    "Set securityContext.allowPrivilegeEscalation to false on every container, init container and ephemeral container.",
  check: ({ podSpec, partial }) => {
    const out: string[] = [];
    for (const ref of containersOf(podSpec)) {
      const v = at(ref.container, "securityContext", "allowPrivilegeEscalation");
      if (v === false || v === UNSEEN) continue;
      // A patch leaves absent fields as they are: only an explicit true is a finding there.
      if (partial && v !== true) continue;
      out.push(`${ref.label} may escalate privileges: set securityContext.allowPrivilegeEscalation: false.`);
    }
    return out;
  },
});
