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
  // PSS baseline "/proc Mount Type" (AVD-KSV-0027 in Trivy's k8s-pss-baseline map) does not fit lib/catalog.ts's
  // PSS format (a control name starts with a letter), so the Trivy ID carries it.
  catalog: ["AVD-KSV-0027"],
  remediation: "Remove securityContext.procMount from every container or set it to Default.",
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
