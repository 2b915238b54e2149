import type { ArgProblem } from "../shared/problems";
import { Problems } from "../shared/problems";
import type { PullThroughCacheRule, RegistryArgs } from "./supplyChain.args";

/**
 * The registry's pure logic: repository names, the lifecycle, repository and node IAM documents, the
 * registry-wide scanning rules, the upstream registries ECR can cache, and `validateRegistryArgs`.
 * No Pulumi resources here (those are in supplyChain.registry.ts).
 */

/** An IAM / resource policy document, as JSON-serialisable data. */
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly Record<string, unknown>[];
}

export interface RegistryContext {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

/**
 * ECR's repository-name pattern (path components of lowercase letters and digits, separated by `.`,
 * `_`, `-`; components joined by `/`), 2 to 256 characters.
 * @see https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html#ECR-CreateRepository-request-repositoryName
 */
export const ECR_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
export const ECR_NAME_MAX = 256;

/**
 * A pull-through cache rule's repository prefix: the same pattern, 2 to 30 characters.
 * @see https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreatePullThroughCacheRule.html#ECR-CreatePullThroughCacheRule-request-ecrRepositoryPrefix
 */
export const CACHE_PREFIX_MIN = 2;
export const CACHE_PREFIX_MAX = 30;

/** `<namePrefix>/<name>`: every repository of a stack under one namespace (IAM grants match `<namePrefix>/*`). */
export const repositoryName = (namePrefix: string, name: string): string => `${namePrefix}/${name}`;

/** `<account>.dkr.ecr.<region>.amazonaws.com` (`.com.cn` in the China partition). */
export function registryHost(c: RegistryContext): string {
  return `${c.accountId}.dkr.ecr.${c.region}.amazonaws.com${c.partition === "aws-cn" ? ".cn" : ""}`;
}

export const repositoryArn = (c: RegistryContext, repository: string): string =>
  `arn:${c.partition}:ecr:${c.region}:${c.accountId}:repository/${repository}`;

// ---------------------------------------------------------------------------------------------------
// Upstream registries a pull-through cache rule may name
// ---------------------------------------------------------------------------------------------------

/** Whether the upstream requires a Secrets Manager credential (`required`), accepts one (`optional`), or takes none. */
export type UpstreamCredential = "required" | "optional" | "none";

/**
 * The upstream registries ECR's pull-through cache supports, by the URL `CreatePullThroughCacheRule`
 * expects, and whether each needs credentials. ECR-to-ECR caching is left out: it authenticates with an
 * IAM role (`customRoleArn`), not a secret, and caching our own registry is not what this is for.
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html
 * @see https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreatePullThroughCacheRule.html#ECR-CreatePullThroughCacheRule-request-upstreamRegistryUrl
 */
export const PULL_THROUGH_UPSTREAMS: readonly {
  readonly url: string | RegExp;
  readonly label: string;
  readonly credential: UpstreamCredential;
}[] = [
  { url: "public.ecr.aws", label: "Amazon ECR Public", credential: "none" },
  { url: "registry.k8s.io", label: "Kubernetes", credential: "none" },
  { url: "quay.io", label: "Quay", credential: "optional" },
  { url: "registry-1.docker.io", label: "Docker Hub", credential: "required" },
  { url: "ghcr.io", label: "GitHub Container Registry", credential: "required" },
  { url: "registry.gitlab.com", label: "GitLab Container Registry", credential: "required" },
  {
    url: /^[a-z0-9]{5,50}\.azurecr\.io$/,
    label: "Microsoft Azure Container Registry (<name>.azurecr.io)",
    credential: "required",
  },
];

/** Hosts people write for a supported upstream that ECR spells differently. */
const UPSTREAM_ALIASES: Readonly<Record<string, string>> = {
  "docker.io": "registry-1.docker.io",
  "index.docker.io": "registry-1.docker.io",
  "hub.docker.com": "registry-1.docker.io",
  "k8s.gcr.io": "registry.k8s.io",
};

export function upstreamOf(url: string): (typeof PULL_THROUGH_UPSTREAMS)[number] | undefined {
  return PULL_THROUGH_UPSTREAMS.find((u) => (typeof u.url === "string" ? u.url === url : u.url.test(url)));
}

/**
 * A pull-through credential: a Secrets Manager secret in this partition whose name starts
 * `ecr-pullthroughcache/` (ECR refuses other names).
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-creating-secret.html
 */
export const CACHE_CREDENTIAL_ARN =
  /^arn:aws[a-z-]*:secretsmanager:[a-z]{2}(-[a-z]+)+-\d:\d{12}:secret:ecr-pullthroughcache\/[\w/+=.@-]+$/;

// ---------------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------------

/** ECR expires untagged images this many days after they were pushed. */
export const UNTAGGED_EXPIRY_DAYS = 1;

/**
 * The lifecycle policy: untagged images (layers of a re-pushed build, never pinned by us) expire after a
 * day; of the tagged images, only the `keepImages` most recently pushed are kept. An expired image is
 * gone: a stack whose config still pins its digest can no longer roll back to it, so `keepImages` must
 * cover every version that may be rolled back to (cosign's `sha256-<digest>.sig` signature tags count
 * too: keep at least twice the releases).
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html
 */
export function lifecyclePolicyDocument(keepImages: number) {
  return {
    rules: [
      {
        rulePriority: 1,
        description: `Expire untagged images ${UNTAGGED_EXPIRY_DAYS} day after push`,
        selection: {
          tagStatus: "untagged",
          countType: "sinceImagePushed",
          countUnit: "days",
          countNumber: UNTAGGED_EXPIRY_DAYS,
        },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: `Keep the ${keepImages} most recent tagged images`,
        selection: {
          tagStatus: "tagged",
          tagPatternList: ["*"],
          countType: "imageCountMoreThan",
          countNumber: keepImages,
        },
        action: { type: "expire" },
      },
    ],
  };
}

/** What pulling an image takes on the repository. @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html */
export const PULL_ACTIONS = [
  "ecr:BatchCheckLayerAvailability",
  "ecr:BatchGetImage",
  "ecr:GetDownloadUrlForLayer",
] as const;

/**
 * The repository policy. It grants pulls to this account (its principals still need an identity policy
 * allowing them: the node roles' `AmazonEC2ContainerRegistryPullOnly`, Kyverno's role) and, with
 * `organizationId`, to principals of that organisation; pushes are left to identity policies (the
 * model-management role, CI's release role). Everything else from outside the account (and
 * organisation) is denied explicitly, so a later identity or registry policy elsewhere cannot open it.
 * The deny names no AWS service principal: none needs our repositories (Inspector scans with its
 * service-linked role, which is in this account).
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalaccount
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid
 */
export function repositoryPolicyDocument(c: RegistryContext, organizationId?: string): PolicyDocument {
  const statements: Record<string, unknown>[] = [
    {
      Sid: "PullByThisAccount",
      Effect: "Allow",
      Principal: { AWS: `arn:${c.partition}:iam::${c.accountId}:root` },
      Action: [...PULL_ACTIONS],
    },
  ];
  if (organizationId)
    statements.push({
      Sid: "PullByOurOrganization",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: [...PULL_ACTIONS],
      Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId } },
    });
  statements.push({
    Sid: organizationId ? "DenyOutsideAccountAndOrganization" : "DenyOutsideAccount",
    Effect: "Deny",
    Principal: { AWS: "*" },
    Action: "ecr:*",
    // Keys under one operator are ANDed: denied when the caller is in neither the account nor the org.
    Condition: {
      StringNotEquals: {
        "aws:PrincipalAccount": c.accountId,
        ...(organizationId ? { "aws:PrincipalOrgID": organizationId } : {}),
      },
    },
  });
  return { Version: "2012-10-17", Statement: statements };
}

export interface ScanningRule {
  readonly scanFrequency: "CONTINUOUS_SCAN" | "SCAN_ON_PUSH";
  readonly repositoryFilters: readonly { readonly filter: string; readonly filterType: "WILDCARD" }[];
}

/**
 * Registry-wide scanning: ENHANCED (Amazon Inspector) rescans every repository continuously as new CVEs
 * are published; BASIC scans each push only.
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-enhanced.html
 * @see https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutRegistryScanningConfiguration.html
 */
export function scanningConfiguration(enhanced: boolean): {
  readonly scanType: "ENHANCED" | "BASIC";
  readonly rules: readonly ScanningRule[];
} {
  const all = [{ filter: "*", filterType: "WILDCARD" as const }];
  return enhanced
    ? { scanType: "ENHANCED", rules: [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: all }] }
    : { scanType: "BASIC", rules: [{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: all }] };
}

/**
 * What a node needs to pull through a cache rule beyond a plain pull: `BatchImportUpstreamImage` (fetch
 * the upstream image into the cache) and `CreateRepository` (the first pull creates the cached
 * repository), both only on repositories under the rules' prefixes.
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html
 */
export function pullThroughCacheNodePolicy(c: RegistryContext, prefixes: readonly string[]): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "PullThroughCache",
        Effect: "Allow",
        Action: ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
        Resource: prefixes.map((p) => repositoryArn(c, `${p}/*`)),
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------------

const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

function validateCacheRule(p: Problems, rule: PullThroughCacheRule, i: number): void {
  const at = (field: string) => ["pullThroughCache", i, field];
  const prefix: unknown = rule.prefix;
  if (
    typeof prefix !== "string" ||
    !ECR_NAME.test(prefix) ||
    prefix.length < CACHE_PREFIX_MIN ||
    prefix.length > CACHE_PREFIX_MAX
  )
    p.at(
      at("prefix"),
      prefix,
      `is not a pull-through cache prefix (expected ${CACHE_PREFIX_MIN} to ${CACHE_PREFIX_MAX} lowercase letters, digits, ".", "_", "-" or "/", e.g. "ecr-public")`,
    );
  const upstream: unknown = rule.upstream;
  const supported = typeof upstream === "string" ? upstreamOf(upstream) : undefined;
  if (!supported) {
    const alias = typeof upstream === "string" ? UPSTREAM_ALIASES[upstream] : undefined;
    p.at(
      at("upstream"),
      upstream,
      alias
        ? `is not the URL ECR expects for this registry (use "${alias}")`
        : `is not an upstream ECR's pull-through cache supports (expected one of ${PULL_THROUGH_UPSTREAMS.map((u) => (typeof u.url === "string" ? u.url : "<name>.azurecr.io")).join(", ")}; copy other images into a repository of ours)`,
    );
    return;
  }
  const credential: unknown = rule.credentialArn;
  if (credential === undefined) {
    if (supported.credential === "required")
      p.at(
        at("credentialArn"),
        credential,
        `is required for ${supported.label} (expected the ARN of a Secrets Manager secret named "ecr-pullthroughcache/<name>" with the upstream's username and access token)`,
      );
  } else if (supported.credential === "none") {
    p.at(
      at("credentialArn"),
      credential,
      `is not accepted for ${supported.label} (remove it: ECR pulls anonymously)`,
    );
  } else if (typeof credential !== "string" || !CACHE_CREDENTIAL_ARN.test(credential)) {
    p.at(
      at("credentialArn"),
      credential,
      'is not a pull-through cache credential (expected "arn:aws:secretsmanager:<region>:<account>:secret:ecr-pullthroughcache/<name>")',
    );
  }
}

/** Every problem with the arguments (field, value, fix); empty when valid. */
export function validateRegistryArgs(args: Omit<RegistryArgs, "kubeProvider">): ArgProblem[] {
  const p = new Problems();
  const repos: unknown = args.repositories;
  if (!Array.isArray(repos) || repos.length === 0) {
    p.at(["repositories"], repos, 'is empty (expected at least one repository name, e.g. ["vllm"])');
  } else {
    const seen = new Set<string>();
    repos.forEach((name: unknown, i) => {
      if (typeof name !== "string" || !ECR_NAME.test(name) || name.length > ECR_NAME_MAX - 64)
        p.at(
          ["repositories", i],
          name,
          'is not an ECR repository name (expected lowercase letters and digits, separated by ".", "_", "-" or "/", e.g. "vllm" or "models/vllm")',
        );
      else if (seen.has(name)) p.at(["repositories", i], name, "is listed twice (expected unique names)");
      else seen.add(name);
    });
  }
  const keep: unknown = args.keepImages;
  if (keep !== undefined && (typeof keep !== "number" || !Number.isInteger(keep) || keep < 1))
    p.at(
      ["keepImages"],
      keep,
      "is not a number of images to keep (expected an integer of at least 1, covering every version you may roll back to)",
    );
  const org: unknown = args.organizationId;
  if (org !== undefined && (typeof org !== "string" || !ORGANIZATION_ID.test(org)))
    p.at(
      ["organizationId"],
      org,
      'is not an AWS Organizations ID (expected "o-" and 10 to 32 lowercase letters or digits)',
    );
  const rules: unknown = args.pullThroughCache;
  if (rules !== undefined) {
    if (!Array.isArray(rules)) p.at(["pullThroughCache"], rules, "is not a list of pull-through cache rules");
    else {
      const prefixes = new Set<string>();
      (rules as PullThroughCacheRule[]).forEach((rule, i) => {
        validateCacheRule(p, rule, i);
        if (typeof rule.prefix === "string") {
          if (prefixes.has(rule.prefix))
            p.at(
              ["pullThroughCache", i, "prefix"],
              rule.prefix,
              "is used by another rule (expected unique prefixes)",
            );
          prefixes.add(rule.prefix);
        }
      });
    }
  }
  return p.list;
}
