import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DATA_CLASS_TAG } from "../observability/siemPipeline.logic";
import { type RegistryArgs, SUPPLY_CHAIN_DEFAULTS } from "./supplyChain.args";
import {
  lifecyclePolicyDocument,
  pullThroughCacheNodePolicy,
  type RegistryContext,
  registryHost,
  repositoryName,
  repositoryPolicyDocument,
  scanningConfiguration,
} from "./supplyChain.registry.logic";

/** The account, Region and partition the stack deploys to (SupplyChain reads them once). */
export interface AwsContext {
  readonly partition: pulumi.Input<string>;
  readonly region: pulumi.Input<string>;
  readonly accountId: pulumi.Input<string>;
}

export interface RegistryInputs extends RegistryArgs {
  readonly namePrefix: string;
  /** The KeyRing's `models` key (its policy lets ECR create a grant per repository). */
  readonly modelsKeyArn: pulumi.Input<string>;
  /** @default true */
  readonly protect?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * The node roles (system and GPU pools) that pull through the cache rules: each gets the cache policy
   * (`BatchImportUpstreamImage`, `CreateRepository` on `<prefix>/*`). Unused without cache rules.
   * @default []
   */
  readonly nodeRoleNames?: readonly pulumi.Input<string>[];
}

export interface RegistryOutputs {
  /** `<registryHost>/<namePrefix>/<name>` per configured name. */
  readonly repositoryUrls: Record<string, pulumi.Output<string>>;
  readonly repositoryArns: Record<string, pulumi.Output<string>>;
  /** The registry's id: this account. */
  readonly registryId: pulumi.Output<string>;
  /** `<account>.dkr.ecr.<region>.amazonaws.com`. */
  readonly registryHost: pulumi.Output<string>;
  /** The node policy for the pull-through cache, when there are rules. */
  readonly pullThroughCachePolicyArn: pulumi.Output<string> | undefined;
}

/**
 * The inference image registry: one ECR repository per name, `<namePrefix>/<name>`, with immutable tags,
 * the `models` key, scan on push, a lifecycle policy and a repository policy for this account (or
 * organisation); pull-through cache rules for the upstreams the cluster needs; and, in the stack that owns
 * the account's defaults (`enableInspector`), Amazon Inspector for ECR and the registry-wide scanning
 * configuration. Both are one per account and Region: a stack that shares the account (dev beside prod)
 * must not set them, or the two stacks would overwrite each other's setting and the first to be
 * destroyed would turn scanning off for both. The other stacks' repositories still scan on push. Pull-
 * through cache rules (and their repository creation templates) are registry-wide by prefix too: only the
 * owning stack creates them; a stack that shares the account lists the same rules and gets only the node
 * policy for them.
 * Findings need no route of their own: Inspector sends them to Security Hub, whose HIGH/CRITICAL rule
 * (siemPipeline.findings.ts, `securityHubAlertPattern`) pages the alert topic.
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-enhanced.html
 * @see https://docs.aws.amazon.com/inspector/latest/user/securityhub-integration.html
 */
export function createRegistry(
  parent: pulumi.ComponentResource,
  name: string,
  args: RegistryInputs,
  ctx: AwsContext,
): RegistryOutputs {
  const d = SUPPLY_CHAIN_DEFAULTS;
  const opts = { parent };
  const protect = args.protect ?? d.protect;
  const tags = { ...args.tags };
  const context: pulumi.Output<RegistryContext> = pulumi
    .all([ctx.partition, ctx.region, ctx.accountId])
    .apply(([partition, region, accountId]) => ({ partition, region, accountId }));
  const keepImages = args.keepImages ?? d.keepImages;
  const enableInspector = args.enableInspector ?? d.enableInspector;

  // Account-wide, owning stack only (see above). Enhanced scanning does nothing until Inspector scans ECR.
  // @see https://docs.aws.amazon.com/inspector/latest/user/getting_started_tutorial.html
  let scanning: aws.ecr.RegistryScanningConfiguration | undefined;
  if (enableInspector) {
    const inspector = new aws.inspector2.Enabler(
      `${name}-inspector`,
      { accountIds: [ctx.accountId], resourceTypes: ["ECR"] },
      opts,
    );
    const scan = scanningConfiguration(args.enhancedScanning ?? d.enhancedScanning);
    scanning = new aws.ecr.RegistryScanningConfiguration(
      `${name}-scanning`,
      {
        scanType: scan.scanType,
        rules: scan.rules.map((r) => ({
          scanFrequency: r.scanFrequency,
          repositoryFilters: [...r.repositoryFilters],
        })),
      },
      { parent, dependsOn: [inspector] },
    );
  }

  const repositoryUrls: Record<string, pulumi.Output<string>> = {};
  const repositoryArns: Record<string, pulumi.Output<string>> = {};
  const policy = context.apply((c) => JSON.stringify(repositoryPolicyDocument(c, args.organizationId)));
  const lifecycle = JSON.stringify(lifecyclePolicyDocument(keepImages));
  for (const repo of args.repositories) {
    const role = `${name}-repo-${repo.replace(/[^a-z0-9]+/g, "-")}`;
    const repository = new aws.ecr.Repository(
      role,
      {
        name: repositoryName(args.namePrefix, repo),
        // A pushed tag never moves: a deployment pinned to a tag (or a digest) runs what was reviewed.
        // @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html
        imageTagMutability: (args.immutableTags ?? d.immutableTags) ? "IMMUTABLE" : "MUTABLE",
        // ECR creates a grant on the key per repository (the key policy allows it through ECR only).
        // @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html
        encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.modelsKeyArn }],
        // Basic scan on push; the owning stack's registry-wide enhanced scanning supersedes it.
        // @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-basic.html
        imageScanningConfiguration: { scanOnPush: true },
        // Never delete images with the repository: rollback depends on them.
        forceDelete: false,
        tags: { ...tags, [DATA_CLASS_TAG]: "models", Name: repositoryName(args.namePrefix, repo) },
      },
      { parent, protect, ...(scanning ? { dependsOn: [scanning] } : {}) },
    );
    new aws.ecr.LifecyclePolicy(
      `${role}-lifecycle`,
      { repository: repository.name, policy: lifecycle },
      opts,
    );
    new aws.ecr.RepositoryPolicy(`${role}-policy`, { repository: repository.name, policy }, opts);
    repositoryUrls[repo] = repository.repositoryUrl;
    repositoryArns[repo] = repository.arn;
  }

  // Pull-through cache: ECR fetches the upstream image on the first pull of
  // `<registryHost>/<prefix>/<upstream path>`. A prefix (rule and template) is unique in the registry, so
  // the rules are the owning stack's, like scanning; every stack that lists them gets the node policy, as
  // its nodes pull through the same registry. @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html
  const rules = args.pullThroughCache ?? [];
  for (const rule of enableInspector ? rules : []) {
    const role = `${name}-cache-${rule.prefix.replace(/[^a-z0-9]+/g, "-")}`;
    new aws.ecr.PullThroughCacheRule(
      role,
      {
        ecrRepositoryPrefix: rule.prefix,
        upstreamRegistryUrl: rule.upstream,
        ...(rule.credentialArn ? { credentialArn: rule.credentialArn } : {}),
      },
      opts,
    );
    // The repositories the cache creates on a first pull take this template instead of ECR's defaults (no
    // policy, no lifecycle): our account boundary and lifecycle. Their tags stay mutable, as the cache must
    // move a tag when the upstream does (we pin digests). Encryption stays AES-256: a KMS key in a template
    // needs a custom role for ECR, not built yet.
    // @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates.html
    new aws.ecr.RepositoryCreationTemplate(
      `${role}-template`,
      {
        prefix: rule.prefix,
        appliedFors: ["PULL_THROUGH_CACHE"],
        description: `Repositories cached from ${rule.upstream}`,
        imageTagMutability: "MUTABLE",
        encryptionConfigurations: [{ encryptionType: "AES256" }],
        lifecyclePolicy: lifecycle,
        repositoryPolicy: policy,
      },
      opts,
    );
  }
  let pullThroughCachePolicyArn: pulumi.Output<string> | undefined;
  if (rules.length > 0) {
    const cachePolicy = new aws.iam.Policy(
      `${name}-pull-through-cache`,
      {
        name: `${args.namePrefix}-pull-through-cache`,
        description: "Nodes pull images through the ECR pull-through cache rules (their prefixes only)",
        policy: context.apply((c) =>
          JSON.stringify(
            pullThroughCacheNodePolicy(
              c,
              rules.map((r) => r.prefix),
            ),
          ),
        ),
        tags,
      },
      opts,
    );
    (args.nodeRoleNames ?? []).forEach((roleName, i) => {
      new aws.iam.RolePolicyAttachment(
        `${name}-pull-through-cache-node-${i}`,
        { role: roleName, policyArn: cachePolicy.arn },
        opts,
      );
    });
    pullThroughCachePolicyArn = cachePolicy.arn;
  }

  return {
    repositoryUrls,
    repositoryArns,
    registryId: pulumi.output(ctx.accountId),
    registryHost: context.apply(registryHost),
    pullThroughCachePolicyArn,
  };
}
