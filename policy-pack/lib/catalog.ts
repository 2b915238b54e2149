/**
 * Catalog references: each policy cites the public catalog checks it implements, so a reviewer can map a
 * finding to the benchmark their organisation follows. One reference is `<catalog> <id>`; the formats
 * below are the only ones accepted (test/policies/registry.test.ts checks every policy's list).
 *
 * Cite only an ID read in the catalog's own source (Checkov's and Trivy's check code, KICS's query
 * metadata, the CIS benchmark's recommendation number, the Security Hub control ID), never a guess.
 */
export const CATALOG_FORMATS: readonly {
  readonly catalog: string;
  readonly pattern: RegExp;
  readonly example: string;
}[] = [
  { catalog: "Checkov", pattern: /^CKV2?_(AWS|K8S|SECRET|GHA)_\d+$/, example: "CKV_AWS_79" },
  { catalog: "Trivy (tfsec)", pattern: /^AVD-(AWS|KSV|KCV|DS)-\d{4}$/, example: "AVD-AWS-0028" },
  {
    catalog: "KICS",
    pattern: /^KICS [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    example: "KICS 8d29754a-2a18-460d-a1ba-9509f8d359da",
  },
  { catalog: "CIS AWS Foundations", pattern: /^CIS AWS \d+(\.\d+)+$/, example: "CIS AWS 5.6" },
  { catalog: "CIS Amazon EKS", pattern: /^CIS EKS \d+(\.\d+)+$/, example: "CIS EKS 4.1.1" },
  { catalog: "AWS Security Hub FSBP", pattern: /^FSBP [A-Za-z0-9]+\.\d+$/, example: "FSBP EC2.8" },
  {
    catalog: "Pod Security Standards",
    pattern: /^PSS (restricted|baseline): [A-Za-z][A-Za-z0-9 ./-]*$/,
    example: "PSS restricted: Privilege Escalation",
  },
  {
    catalog: "NSA/CISA Kubernetes Hardening",
    pattern: /^NSA-CISA [A-Za-z][A-Za-z0-9 ,./-]*$/,
    example: "NSA-CISA Network separation",
  },
  {
    catalog: "Istio security best practices",
    pattern: /^Istio [A-Za-z][A-Za-z0-9 ,./-]*$/,
    example: "Istio Mutual TLS",
  },
  {
    catalog: "Vault production hardening",
    pattern: /^Vault [A-Za-z][A-Za-z0-9 ,./-]*$/,
    example: "Vault Enable auditing",
  },
];

/** Why `ref` is not a catalog reference in one of {@link CATALOG_FORMATS}, or undefined when it is. */
export function catalogRefProblem(ref: string): string | undefined {
  if (CATALOG_FORMATS.some((f) => f.pattern.test(ref))) return undefined;
  return `"${ref}" is not a catalog reference (expected one of: ${CATALOG_FORMATS.map((f) => f.example).join(", ")})`;
}
