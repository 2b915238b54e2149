import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/**
 * The contract of `SupplyChain` (`rampart:supplychain:SupplyChain`): where inference images and model
 * artifacts come from, and how the cluster knows they are ours.
 *
 * - The registry (`supplyChain.registry.ts`): ECR repositories `<namePrefix>/<name>` with immutable
 *   tags, the `models` key, scan on push, a lifecycle policy and a repository policy for this account (or
 *   organisation); registry-wide enhanced scanning with continuous rescans (Amazon Inspector), and
 *   pull-through cache rules for upstream registries ECR supports.
 * - The signing key (`supplyChain.signing.ts`): an asymmetric KMS key (ECC_NIST_P256, SIGN_VERIFY) for
 *   cosign (`awskms:///<arn>`) and for model manifests (`rampart model sign`).
 * - The model store (`supplyChain.modelStore.ts`): bucket `<namePrefix>-models-…` with versioning,
 *   Object Lock, the `models` key, TLS only, no public access, server access logs.
 * - Image admission (`supplyChain.admission.ts`): Kyverno from its official chart, pinned, and a
 *   ClusterPolicy that admits in the inference namespaces only images from our registry, by digest,
 *   signed by the signing key; `Enforce` or `Audit`.
 * Types and defaults only.
 */

/** `enforce` refuses a pod whose image breaks the rules; `audit` admits it and reports (prod refuses audit). */
export type AdmissionMode = "enforce" | "audit";

/** An ECR pull-through cache rule. @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html */
export interface PullThroughCacheRule {
  /** The ECR repository prefix images are cached under (`<registry>/<prefix>/<upstream path>`). */
  readonly prefix: string;
  /** The upstream registry host, one ECR supports (e.g. `quay.io`, `registry.k8s.io`, `public.ecr.aws`). */
  readonly upstream: string;
  /**
   * Secrets Manager secret (name starting `ecr-pullthroughcache/`) with the upstream's credentials, for the
   * registries that require them (Docker Hub, GitHub, GitLab, Azure). @default none
   */
  readonly credentialArn?: string;
}

export interface RegistryArgs {
  /** Repository names, created as `<namePrefix>/<name>` (lowercase, ECR's name rules). At least one. */
  readonly repositories: readonly string[];
  /** Immutable tags (a pushed tag never moves). @default true (prod refuses false) */
  readonly immutableTags?: boolean;
  /**
   * Registry-wide enhanced scanning (Amazon Inspector) with continuous rescans of every repository; false
   * is basic scan on push only (prod refuses false). @default true
   */
  readonly enhancedScanning?: boolean;
  /**
   * Enable Amazon Inspector's ECR scanning for the account and set the registry-wide scanning
   * configuration (`enhancedScanning`): both are one per account and Region, so only the stack that owns
   * the account's defaults (`rampart:accountDefaults.owner`) sets them; the other stacks' repositories
   * still scan on push. Enhanced scanning has no effect until Inspector is enabled. @default false
   */
  readonly enableInspector?: boolean;
  /** Images kept per repository by the lifecycle policy (untagged images expire after a day). @default 100 */
  readonly keepImages?: number;
  /** AWS Organizations ID whose accounts may also pull (`aws:PrincipalOrgID`). @default this account only */
  readonly organizationId?: string;
  /** @default [] */
  readonly pullThroughCache?: readonly PullThroughCacheRule[];
}

export interface SigningArgs {
  /**
   * Roles allowed `kms:Sign` (CI's release role). model-management's access role is added by the stack.
   * Everyone in the account may `kms:GetPublicKey` and `kms:Verify`. @default []
   */
  readonly signerRoleArns?: readonly pulumi.Input<string>[];
}

export interface ModelStoreArgs {
  /**
   * Object Lock default retention of every object version: `COMPLIANCE` (nobody, root included, deletes a
   * version before `days`) or `GOVERNANCE` (only with `s3:BypassGovernanceRetention`).
   */
  readonly objectLock: { readonly mode: "GOVERNANCE" | "COMPLIANCE"; readonly days: number };
  /** Days a replaced (noncurrent) version is kept; at least `objectLock.days`. @default 365 */
  readonly noncurrentVersionDays?: number;
  /** Days the server access logs are kept. */
  readonly accessLogRetentionDays: number;
  /**
   * Roles that may write model versions (model-management's access role, CI's release role). The bucket
   * policy refuses writes from anyone else, and reads from anyone but these, the model servers' roles
   * (`<namePrefix>-model-*`) and AWS Backup's (`<namePrefix>-backup`). @default []
   */
  readonly writerRoleArns?: readonly pulumi.Input<string>[];
}

export interface AdmissionArgs {
  /** The cluster's provider; Kyverno runs on the system nodes. */
  readonly kubeProvider: k8s.Provider;
  /** The pinned Kyverno Helm chart version (`X.Y.Z`, from kyverno/kyverno's charts/kyverno/Chart.yaml). */
  readonly chartVersion: string;
  /** @default "enforce" (prod refuses "audit") */
  readonly mode?: AdmissionMode;
  /** The inference namespaces the ClusterPolicy applies to. At least one. */
  readonly namespaces: readonly string[];
  /** Registry host and path prefix Kyverno's own images come from (the mirror). @default the chart's */
  readonly imageRegistry?: string;
  /** The API server's ENI CIDRs (management tier): the webhook's NetworkPolicy admits only them. */
  readonly controlPlaneCidrs: pulumi.Input<readonly string[]>;
  /** The VPC's CIDRs: Kyverno reaches ECR and KMS through interface endpoints in them. */
  readonly vpcCidrs: readonly string[];
  /** The cluster name, for Kyverno's Pod Identity association (it reads signatures from ECR). */
  readonly clusterName: pulumi.Input<string>;
}

export interface SupplyChainArgs {
  /** Prefix of names: `<project>-<stack>` (repositories, bucket, roles). */
  readonly namePrefix: string;
  /** The stack name: the signing key's alias is `alias/rampart/<stack>/signing`, beside the KeyRing's. */
  readonly stack: string;
  /** The KeyRing's `models` key: ECR repositories, the model store. */
  readonly modelsKeyArn: pulumi.Input<string>;
  readonly registry: RegistryArgs;
  /** @default {} */
  readonly signing?: SigningArgs;
  readonly modelStore: ModelStoreArgs;
  /**
   * The node roles (system and GPU pools) that pull through the cache rules: each gets the cache policy
   * (`BatchImportUpstreamImage`, `CreateRepository` on `<prefix>/*`). Unused without cache rules. @default []
   */
  readonly nodeRoleNames?: readonly pulumi.Input<string>[];
  /** Image admission in the cluster; absent: none (prod refuses that). */
  readonly admission?: AdmissionArgs;
  /** `protect` the bucket, the repositories and the signing key. @default true */
  readonly protect?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}

export const SUPPLY_CHAIN_DEFAULTS = {
  immutableTags: true,
  enhancedScanning: true,
  enableInspector: false,
  keepImages: 100,
  noncurrentVersionDays: 365,
  admissionMode: "enforce" as AdmissionMode,
  protect: true,
} as const;

/** The signing key's alias: `alias/rampart/<stack>/signing` lives beside the KeyRing's. */
export const SIGNING_KEY_SPEC = "ECC_NIST_P256" as const;
export const SIGNING_ALGORITHM = "ECDSA_SHA_256" as const;

/** The model store's bucket prefix: model-management's IAM grants S3 on `<namePrefix>-models-*`. */
export const modelBucketPrefix = (namePrefix: string): string => `${namePrefix}-models-`;
