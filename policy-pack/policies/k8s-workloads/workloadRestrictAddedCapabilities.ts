import { containersOf, workloadPolicy } from "../../lib/k8s";
import { at, knownStrings } from "../../lib/values";

/** `CAP_sys_admin` and `SYS_ADMIN` name the same capability to the container runtime. */
const normalise = (cap: string) => cap.toUpperCase().replace(/^CAP_/, "");

/**
 * Pod Security "restricted": Capabilities — containers may add only NET_BIND_SERVICE.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const workloadRestrictAddedCapabilities = workloadPolicy({
  name: "kubernetes-workload-restrict-added-capabilities",
  description:
    "Containers (including init and ephemeral containers) may add only the Linux capabilities in " +
    'allowedCapabilities (default NET_BIND_SERVICE, as Pod Security "restricted" allows). SYS_ADMIN, ' +
    "NET_ADMIN, SYS_PTRACE, NET_RAW and the like are the usual first step of a container escape or of " +
    "attacks on the pod network.",
  catalog: [
    "PSS baseline: Capabilities",
    "PSS restricted: Capabilities",
    "CKV_K8S_25",
    "CKV_K8S_39",
    "AVD-KSV-0022",
    "AVD-KSV-0005",
    "CIS EKS 4.2.7",
  ],
  remediation: "Remove every capability other than NET_BIND_SERVICE from securityContext.capabilities.add.",
  configSchema: {
    properties: {
      allowedCapabilities: {
        type: "array",
        items: { type: "string" },
        default: ["NET_BIND_SERVICE"],
        description: "Capabilities a container may add (without the CAP_ prefix).",
      },
    },
  },
  check: ({ podSpec }, { config }) => {
    const allowed = new Set(knownStrings(config.allowedCapabilities).map(normalise));
    const out: string[] = [];
    for (const ref of containersOf(podSpec)) {
      const added = knownStrings(at(ref.container, "securityContext", "capabilities", "add"));
      const bad = [...new Set(added.map(normalise))].filter((c) => !allowed.has(c));
      if (bad.length === 0) continue;
      out.push(
        `${ref.label} adds ${bad.length === 1 ? "capability" : "capabilities"} ${bad.join(", ")}: ` +
          `remove ${bad.length === 1 ? "it" : "them"} from securityContext.capabilities.add ` +
          `(allowed: ${[...allowed].join(", ") || "none"}).`,
      );
    }
    return out;
  },
});
