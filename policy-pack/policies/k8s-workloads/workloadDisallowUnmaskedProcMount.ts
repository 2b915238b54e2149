import { containersOf, workloadPolicy } from "../../lib/k8s";
import { UNSEEN } from "../../lib/unknown";
import { at } from "../../lib/values";

/**
 * Pod Security "baseline": /proc Mount Type.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const workloadDisallowUnmaskedProcMount = workloadPolicy({
  name: "kubernetes-workload-disallow-unmasked-proc-mount",
  description:
    "Containers must keep the default /proc mount (securityContext.procMount unset or Default): Unmasked " +
    "exposes kernel interfaces under /proc that the runtime hides to prevent information leaks and escapes.",
  check: ({ podSpec }) => {
    const out: string[] = [];
    for (const ref of containersOf(podSpec)) {
      const v = at(ref.container, "securityContext", "procMount");
      if (v === undefined || v === null || v === UNSEEN || v === "Default") continue;
      out.push(`${ref.label} sets securityContext.procMount: ${String(v)}: remove it (Default masks /proc).`);
    }
    return out;
  },
});
