import { containersOf, workloadPolicy } from "../../lib/k8s";
import { at } from "../../lib/values";

/**
 * Pod Security "baseline": Privileged Containers and HostProcess.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const workloadDisallowPrivileged = workloadPolicy({
  name: "kubernetes-workload-disallow-privileged",
  description:
    "Containers (including init and ephemeral containers) of every workload kind must not run privileged or " +
    "as Windows HostProcess containers: both switch off container isolation and give the process the node's " +
    "devices and kernel, so one compromised model server owns the GPU node and every pod on it.",
  catalog: [
    "PSS baseline: Privileged Containers",
    "PSS baseline: HostProcess",
    "CKV_K8S_16",
    "AVD-KSV-0017",
    "AVD-KSV-0103",
    "CIS EKS 4.2.1",
    "NSA-CISA Preventing privileged containers",
  ],
  remediation:
    "Remove securityContext.privileged (or set it to false) and securityContext.windowsOptions.hostProcess from the pod and every container.",
  check: ({ podSpec }) => {
    const out: string[] = [];
    if (at(podSpec, "securityContext", "windowsOptions", "hostProcess") === true)
      out.push(
        "Pod spec runs Windows HostProcess containers: remove securityContext.windowsOptions.hostProcess.",
      );
    for (const ref of containersOf(podSpec)) {
      if (at(ref.container, "securityContext", "privileged") === true)
        out.push(`${ref.label} runs privileged: remove securityContext.privileged or set it to false.`);
      if (at(ref.container, "securityContext", "windowsOptions", "hostProcess") === true)
        out.push(
          `${ref.label} is a Windows HostProcess container: remove securityContext.windowsOptions.hostProcess.`,
        );
    }
    return out;
  },
});
