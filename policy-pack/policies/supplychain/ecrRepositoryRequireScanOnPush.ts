import { stackPolicy, type StackViolation } from "../../lib/policy";
import { seen, UNSEEN } from "../../lib/unknown";
import { asList, asObject } from "../../lib/values";

const REPOSITORY = "aws:ecr/repository:Repository";
const REGISTRY_SCANNING = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration";

/**
 * Registry-level scanning (`RegistryScanningConfiguration`) replaces the per-repository flag: with
 * `ENHANCED` scanning or a rule whose wildcard filter `*` matches every repository, repositories are
 * covered and not judged. Narrower filters are not matched against repository names (exemption only for
 * a wildcard).
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html
 */
export const ecrRepositoryRequireScanOnPush = stackPolicy({
  name: "aws-ecr-repository-require-scan-on-push",
  description:
    "Images must be scanned for vulnerabilities when pushed: set imageScanningConfiguration.scanOnPush on " +
    "each repository, or configure registry-wide scanning, so a vulnerable inference image is found before " +
    "it runs.",
  catalog: ["CKV_AWS_163", "AVD-AWS-0030", "FSBP ECR.1", "CIS EKS 5.1.1"],
  remediation:
    'Set imageScanningConfiguration.scanOnPush to true, or add a RegistryScanningConfiguration that scans every repository (ENHANCED or filter "*").',
  types: [REPOSITORY, REGISTRY_SCANNING],
  check: (_resources, ctx) => {
    const registryWide = ctx.ofType(REGISTRY_SCANNING).map((r) =>
      seen(() => {
        if (r.props.scanType === "ENHANCED") return true;
        return asList("rules" in r.props ? r.props.rules : []).some((rule) =>
          asList(asObject(rule)?.repositoryFilters).some((f) => asObject(f)?.filter === "*"),
        );
      }),
    );
    if (registryWide.includes(true) || registryWide.includes(UNSEEN)) return [];
    const out: StackViolation[] = [];
    for (const repo of ctx.ofType(REPOSITORY)) {
      const scan = seen(() => {
        const c =
          "imageScanningConfiguration" in repo.props
            ? asObject(repo.props.imageScanningConfiguration)
            : undefined;
        return c?.scanOnPush === true;
      });
      if (scan === false)
        out.push({
          urn: repo.urn,
          message: `ECR repository "${repo.name}" does not scan on push: set imageScanningConfiguration: { scanOnPush: true }, or configure registry-wide scanning.`,
        });
    }
    return out;
  },
});
