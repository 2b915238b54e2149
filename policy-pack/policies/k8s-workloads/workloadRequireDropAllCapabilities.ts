import { containersOf, workloadPolicy } from "../../lib/k8s";
import { at, hasUnknown, knownStrings } from "../../lib/values";

/**
 * Pod Security "restricted": Capabilities — containers must drop ALL. The admission check compares the
 * exact string "ALL", so "all" is rejected by a restricted namespace and is flagged here too.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const workloadRequireDropAllCapabilities = workloadPolicy({
  name: "kubernetes-workload-require-drop-all-capabilities",
  description:
    "Every container (including init and ephemeral containers) must drop all Linux capabilities " +
    '(securityContext.capabilities.drop: ["ALL"]) and add back only what it needs. The runtime\'s default ' +
    "set includes NET_RAW, CHOWN, DAC_OVERRIDE, SETUID and others a model server never needs.",
  catalog: [
    "PSS restricted: Capabilities",
    "CKV_K8S_37",
    "CKV_K8S_28",
    "AVD-KSV-0003",
    "AVD-KSV-0106",
    "CIS EKS 4.2.8",
  ],
  remediation:
    'Set securityContext.capabilities.drop to ["ALL"] on every container, init container and ephemeral container.',
  check: ({ podSpec, partial }) => {
    const out: string[] = [];
    for (const ref of containersOf(podSpec)) {
      const drop = at(ref.container, "securityContext", "capabilities", "drop");
      if (hasUnknown(drop)) continue;
      // A patch without a drop list leaves the live list alone; a patch that writes one replaces it.
      if (partial && drop === undefined) continue;
      if (knownStrings(drop).includes("ALL")) continue;
      out.push(
        `${ref.label} does not drop all capabilities: set securityContext.capabilities.drop: ["ALL"].`,
      );
    }
    return out;
  },
});
