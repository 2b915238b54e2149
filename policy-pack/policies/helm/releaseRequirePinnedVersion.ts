import { objectPolicy } from "../../lib/k8s";
import { at, isUnknown, asString } from "../../lib/values";
import { chartLabel, chartRef, HELM_TYPES } from "../../lib/k8sTypes";

/** An exact SemVer 2 version: what `helm install --version` resolves to one chart, not a range. */
const EXACT = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** A chart from the local filesystem or a direct archive URL has no repository version to float. */
function pinnedByReference(props: Record<string, any>, chart: string): boolean {
  if (asString(at(props, "path")) !== undefined) return true;
  if (/^(\.{0,2}\/|file:\/\/)/.test(chart)) return true;
  return /^https?:\/\/.+\.tgz$/.test(chart);
}

/**
 * Without `version`, Helm installs the newest chart in the repository at the time of each `pulumi up`; a
 * range (`^1.2`, `~1.2`, `1.x`, `>=1.0`) floats too.
 * @see https://helm.sh/docs/helm/helm_install/ (--version: "If this is not specified, the latest version is installed")
 */
export const releaseRequirePinnedVersion = objectPolicy({
  name: "helm-release-require-pinned-version",
  description:
    "Helm releases and charts from a repository must pin an exact chart version. Without one (or with a " +
    "range) each deployment installs whatever the repository serves that day — an unreviewed upgrade, or a " +
    "compromised chart — and dev and prod drift apart. Local charts and direct .tgz URLs are exempt.",
  // No catalog checks Helm chart versions; the closest general control is a pinned image (fixed tag,
  // digest: CKV_K8S_14, CKV_K8S_43), the same mutable-reference risk one level up.
  catalog: ["CKV_K8S_14", "CKV_K8S_43"],
  remediation: 'Set version to an exact chart version (e.g. "1.17.2"), not a range and not empty.',
  types: HELM_TYPES,
  check: (props) => {
    const chart = chartRef(props);
    if (chart === undefined || pinnedByReference(props, chart)) return;
    // v3 Chart takes the version at the top or in fetchOpts.
    const raw = at(props, "version") ?? at(props, "fetchOpts", "version");
    if (typeof raw === "symbol" || isUnknown(raw)) return;
    const version = asString(raw);
    if (version === undefined || version.trim() === "")
      return `${chartLabel(props)} has no version, so the newest is installed: pin an exact chart version.`;
    if (!EXACT.test(version.trim()))
      return `${chartLabel(props)} version "${version}" is a range, not a pinned version: pin an exact chart version.`;
  },
});
