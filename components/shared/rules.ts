/**
 * Rules that more than one component applies. Each returns what is wrong with a value (to follow the
 * value in a message), or undefined when the value is fine. The stack config does not restate them: it
 * runs the components' validators (stacks/config).
 */

/**
 * The retention periods CloudWatch Logs accepts, in days.
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export function logRetentionProblem(days: unknown): string | undefined {
  return (LOG_RETENTION_DAYS as readonly unknown[]).includes(days)
    ? undefined
    : `is not a CloudWatch Logs retention period (expected one of ${LOG_RETENTION_DAYS.join(", ")})`;
}

/** An EKS add-on version as `aws eks describe-addon-versions` lists it. */
export function addonVersionProblem(version: unknown): string | undefined {
  return typeof version === "string" && /^v\d+\.\d+\.\d+-eksbuild\.\d+$/.test(version)
    ? undefined
    : 'is not a pinned add-on version (expected "vX.Y.Z-eksbuild.N")';
}

/** A Helm chart version pinned exactly (no ranges: a range installs whatever is newest that day). */
export function chartVersionProblem(version: unknown): string | undefined {
  return typeof version === "string" && /^\d+\.\d+\.\d+$/.test(version)
    ? undefined
    : 'is not a pinned chart version (expected "X.Y.Z")';
}

/**
 * An IAM role ARN in any partition.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
 */
export function roleArnProblem(arn: unknown): string | undefined {
  return typeof arn === "string" && /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(arn)
    ? undefined
    : 'is not an IAM role ARN (expected "arn:aws:iam::<account>:role/<name>")';
}

/**
 * A lowercase RFC 1123 label: Kubernetes namespace and service-account names, our pool names.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names
 */
export function dnsLabelProblem(name: unknown): string | undefined {
  return typeof name === "string" && /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name)
    ? undefined
    : "is not a lowercase DNS label (expected up to 63 of a-z, 0-9 and -, starting and ending with a letter or digit)";
}

/**
 * A domain for an egress allow-list; a leading dot means "this domain and every subdomain", as AWS
 * Network Firewall domain lists read it.
 * @see https://docs.aws.amazon.com/network-firewall/latest/developerguide/stateful-rule-groups-domain-names.html
 */
export function egressDomainProblem(domain: unknown): string | undefined {
  return typeof domain === "string" &&
    /^\.?(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domain)
    ? undefined
    : 'is not a domain (expected e.g. "api.example.com" or ".example.com")';
}
