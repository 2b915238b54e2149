import { resourcePolicy } from "../../lib/policy";
import { asList, asObject } from "../../lib/values";

/**
 * Registry-wide scanning decides whether images are rescanned when new CVEs are published: only ENHANCED
 * scanning (Amazon Inspector) with a CONTINUOUS_SCAN rule does; BASIC scans an image once, on push, and
 * an image pinned by digest for months is never looked at again. The rule must match every repository
 * (wildcard `*`).
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-enhanced.html
 * @see https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_RegistryScanningRule.html
 */
export const ecrRegistryScanningConfigurationRequireContinuousScan = resourcePolicy({
  name: "aws-ecr-registryscanningconfiguration-require-continuous-scan",
  description:
    "The ECR registry scanning configuration must be ENHANCED with a CONTINUOUS_SCAN rule for every " +
    "repository (filter *), so running images are rescanned as new vulnerabilities are published.",
  catalog: ["FSBP ECR.1", "CIS EKS 5.1.1"],
  remediation:
    'Set scanType to "ENHANCED" with a rule { scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }.',
  types: ["aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration"],
  check: (props) => {
    const scanType = "scanType" in props ? props.scanType : undefined;
    if (scanType !== "ENHANCED")
      return `Registry scanning is ${scanType === undefined ? "unset" : JSON.stringify(scanType)}: set scanType: "ENHANCED" with a CONTINUOUS_SCAN rule for filter "*".`;
    const rules = "rules" in props ? asList(props.rules) : [];
    const continuousForAll = rules.some((r) => {
      const rule = asObject(r);
      return (
        rule?.scanFrequency === "CONTINUOUS_SCAN" &&
        asList(rule.repositoryFilters).some((f) => asObject(f)?.filter === "*")
      );
    });
    if (!continuousForAll)
      return 'Registry scanning does not rescan every repository: add a rule { scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }.';
  },
});
