import { workloadPolicy } from "../../lib/k8s";
import { at } from "../../lib/values";

/**
 * Pod Security "baseline": Host Namespaces.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const workloadDisallowHostNamespaces = workloadPolicy({
  name: "kubernetes-workload-disallow-host-namespaces",
  description:
    "Pods must not share the node's network, process or IPC namespaces (hostNetwork, hostPID, hostIPC). " +
    "hostNetwork bypasses NetworkPolicies and the mesh and reaches the node's metadata endpoint; hostPID " +
    "lets a container see and signal every process on the node; hostIPC exposes other pods' shared memory.",
  catalog: [
    "PSS baseline: Host Namespaces",
    "CKV_K8S_17",
    "CKV_K8S_18",
    "CKV_K8S_19",
    "AVD-KSV-0008",
    "AVD-KSV-0009",
    "AVD-KSV-0010",
    "CIS EKS 4.2.2",
    "CIS EKS 4.2.3",
    "CIS EKS 4.2.4",
  ],
  remediation: "Remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false).",
  check: ({ podSpec }) => {
    const out: string[] = [];
    const what: [string, string][] = [
      ["hostNetwork", "network"],
      ["hostPID", "process (PID)"],
      ["hostIPC", "IPC"],
    ];
    for (const [field, ns] of what) {
      if (at(podSpec, field) === true)
        out.push(`Pod spec sets ${field}: true, sharing the node's ${ns} namespace: remove it.`);
    }
    return out;
  },
});
