import type { ArgProblem } from "./problems";

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

export const AWS_MAX_TAGS = 50;
/** Tags our components add of their own (`Name`, `rampart:tier`, the load balancer role tags, ...). */
export const OWN_TAGS = 5;
const MAX_TAG_PROBLEMS = 5;

/**
 * AWS tag limits, as Args problems under `tags`: 50 tags per resource (ours included), keys up to 128
 * and values up to 256 characters, and no `aws:` prefix, which AWS reserves. One problem per offending
 * key, at most `MAX_TAG_PROBLEMS` in all.
 * @see https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions
 */
export function tagArgProblems(tags: Readonly<Record<string, string>> | undefined): ArgProblem[] {
  const entries = Object.entries(tags ?? {});
  const out: ArgProblem[] = [];
  const limit = AWS_MAX_TAGS - OWN_TAGS;
  if (entries.length > limit)
    out.push({
      path: ["tags"],
      value: `${entries.length} tags`,
      message: `are more than AWS allows with ours (expected at most ${limit}: AWS allows ${AWS_MAX_TAGS} per resource and Rampart adds up to ${OWN_TAGS})`,
    });
  for (const [key, value] of entries) {
    if (out.length >= MAX_TAG_PROBLEMS) break;
    const path = ["tags", key];
    if (/^aws:/i.test(key))
      out.push({ path, value: key, message: "uses the aws: prefix, which AWS reserves" });
    else if (key.length === 0 || key.length > 128)
      out.push({ path, value: key, message: "is not a tag key (expected 1 to 128 characters)" });
    else if (typeof value !== "string" || value.length > 256)
      out.push({ path, value, message: "is not a tag value (expected a string of at most 256 characters)" });
  }
  return out;
}

/**
 * A Kubernetes label key: an optional DNS-subdomain prefix (at most 253 characters) and `/`, then a name
 * of at most 63 alphanumerics, `-`, `_` and `.`, starting and ending alphanumeric.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
 */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
  const SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
  if (!NAME.test(name) || (prefix !== undefined && !SUBDOMAIN.test(prefix)))
    return "is not a Kubernetes label key (expected [prefix/]name: a DNS-subdomain prefix, a name of up to 63 letters, digits, -, _ or . starting and ending with a letter or digit)";
  return undefined;
}

/** A Kubernetes label value: empty, or up to 63 alphanumerics, `-`, `_`, `.`, alphanumeric at both ends. */
export function labelValueProblem(value: unknown): string | undefined {
  return typeof value === "string" && /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/.test(value)
    ? undefined
    : "is not a Kubernetes label value (expected up to 63 letters, digits, -, _ or ., starting and ending with a letter or digit)";
}

/** Label prefixes Kubernetes, EKS, NVIDIA's components and Rampart itself set; users may not. */
export const RESERVED_LABEL_PREFIXES = [
  "kubernetes.io/",
  "k8s.io/",
  "eks.amazonaws.com/",
  "nvidia.com/",
  "rampart.io/",
] as const;

export function reservedLabelProblem(key: string): string | undefined {
  const reserved = RESERVED_LABEL_PREFIXES.find((r) => key.startsWith(r) || key.includes(`.${r}`));
  return reserved
    ? `uses the reserved prefix ${reserved} (Kubernetes, EKS, NVIDIA and Rampart set these)`
    : undefined;
}

/**
 * Whether an AWS Network Firewall domain-list target admits a domain: ".example.com" matches
 * example.com and every subdomain, "example.com" only itself (case-insensitive).
 * @see https://docs.aws.amazon.com/network-firewall/latest/developerguide/stateful-rule-groups-domain-names.html
 */
export function domainMatches(target: string, domain: string): boolean {
  const d = domain.toLowerCase().replace(/\.$/, "");
  const t = target.toLowerCase();
  return t.startsWith(".") ? d === t.slice(1) || d.endsWith(t) : d === t;
}
