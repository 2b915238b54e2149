import { resourcePolicy } from "../../lib/policy";

/** `"1.33"` -> 33; undefined for anything that is not `1.<minor>`. */
function minorOf(v: unknown): number | undefined {
  if (typeof v !== "string") return undefined;
  const m = /^1\.(\d+)$/.exec(v.trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * Each Kubernetes minor version gets 14 months of EKS standard support and 12 of extended support; after
 * that, EKS upgrades the cluster on its own schedule, and until then an old version misses the upstream
 * security fixes that only go to supported releases. The oldest version still acceptable is configuration
 * (`minimumVersion`), to be raised as the EKS release calendar moves: its default, 1.32, is the oldest
 * minor still in (extended) support on 2026-12-02. An unset `version` lets EKS choose its latest: it passes.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html
 */
export const eksClusterRequireSupportedVersion = resourcePolicy({
  name: "aws-eks-cluster-require-supported-version",
  description:
    "EKS clusters must run a Kubernetes version EKS still supports (at least the configured minimumVersion): " +
    "an unsupported control plane gets no security fixes and is upgraded by EKS on its own schedule.",
  catalog: ["CKV_AWS_339", "FSBP EKS.2"],
  remediation:
    "Set version to the configured minimumVersion or later (the newest EKS version your add-ons support).",
  types: ["aws:eks/cluster:Cluster"],
  configSchema: {
    properties: {
      minimumVersion: {
        type: "string",
        pattern: "^1\\.\\d+$",
        default: "1.32",
        description:
          'Oldest Kubernetes minor version accepted (e.g. "1.32"); raise it as EKS retires versions.',
      },
    },
  },
  check: (props, ctx) => {
    if (!("version" in props)) return;
    const v = props.version;
    // Unset or empty: EKS creates the cluster with its latest version.
    if (v === undefined || v === null || (typeof v === "string" && v.trim() === "")) return;
    const min = minorOf(ctx.config.minimumVersion) ?? 32;
    const minor = minorOf(v);
    if (minor === undefined)
      return `EKS version ${JSON.stringify(v)} is not a Kubernetes minor version: set version to "1.${min}" or later.`;
    if (minor < min)
      return `EKS version 1.${minor} is older than the minimum supported 1.${min}: upgrade the cluster and set version to "1.${min}" or later.`;
  },
});
