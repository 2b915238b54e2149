import { objectPolicy } from "../../lib/k8s";
import { at, asString } from "../../lib/values";
import { chartLabel, HELM_TYPES } from "../../lib/k8sTypes";

/**
 * @see https://helm.sh/docs/topics/provenance/
 * @see https://www.pulumi.com/registry/packages/kubernetes/api-docs/helm/v4/chart/ (plainHttp)
 */
export const releaseDisallowInsecureRepository = objectPolicy({
  name: "helm-release-disallow-insecure-repository",
  description:
    "Helm charts must be fetched over TLS: no http:// repository (repositoryOpts.repo, fetchOpts.repo) or " +
    "chart URL, and no plainHttp: true for OCI registries. Over plain HTTP anyone on the path can swap the " +
    "chart, and with it every image and privilege it deploys.",
  // No catalog checks Helm repositories; the closest general control is CIS EKS 5.1.4 (minimize container
  // registries to only those approved): a chart fetched over plain HTTP comes from whoever is on the path.
  catalog: ["CIS EKS 5.1.4"],
  remediation: "Set repositoryOpts.repo (or the chart URL) to an https:// URL and remove plainHttp.",
  types: HELM_TYPES,
  check: (props) => {
    const out: string[] = [];
    const urls: [string, unknown][] = [
      ["chart", at(props, "chart")],
      ["repositoryOpts.repo", at(props, "repositoryOpts", "repo")],
      ["fetchOpts.repo", at(props, "fetchOpts", "repo")],
      ["repo", at(props, "repo")],
    ];
    for (const [field, value] of urls) {
      const url = asString(value);
      if (url !== undefined && /^http:\/\//i.test(url.trim()))
        out.push(`${chartLabel(props)} is fetched over plain HTTP (${field} ${url}): use an https:// URL.`);
    }
    if (at(props, "plainHttp") === true)
      out.push(`${chartLabel(props)} sets plainHttp: true: fetch it from the registry over TLS.`);
    return out;
  },
});
