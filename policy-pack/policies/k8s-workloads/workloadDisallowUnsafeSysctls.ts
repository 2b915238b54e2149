import { workloadPolicy } from "../../lib/k8s";
import { asArray, at, asObject, asString } from "../../lib/values";

/**
 * Pod Security "baseline": Sysctls — the namespaced "safe" set (Kubernetes 1.29+).
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 * @see https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/
 */
export const SAFE_SYSCTLS = [
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
];

export const workloadDisallowUnsafeSysctls = workloadPolicy({
  name: "kubernetes-workload-disallow-unsafe-sysctls",
  description:
    'Pods may set only the sysctls Pod Security "baseline" calls safe: others are not isolated between ' +
    "pods, or can destabilise or take over the node's kernel networking.",
  catalog: ["PSS baseline: Sysctls", "AVD-KSV-0026"],
  remediation: "Remove every sysctl outside the Pod Security baseline safe set from securityContext.sysctls.",
  check: ({ podSpec }) => {
    const safe = new Set(SAFE_SYSCTLS);
    const out: string[] = [];
    for (const s of asArray(at(podSpec, "securityContext", "sysctls"))) {
      const name = asString(asObject(s)?.name);
      if (name === undefined || safe.has(name)) continue;
      out.push(`Pod spec sets unsafe sysctl ${name}: remove it from securityContext.sysctls.`);
    }
    return out;
  },
});
