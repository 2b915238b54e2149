import { z } from "zod";
import { MODEL_SERVER_DEFAULTS } from "../../components/workloads/modelServer.args";
import { RECOVERY_DEFAULTS } from "../../components/operations/recovery.args";
import { SUPPLY_CHAIN_DEFAULTS } from "../../components/supplychain/supplyChain.args";

/**
 * The shape of `rampart:supplyChain` (SupplyChain: registry, signing key, model store, image admission),
 * `rampart:models` (one ModelServer each) and `rampart:recovery` (Recovery: the Backup vault, its lock and
 * plans); stacks/config/schema.ts composes them. Values are checked by the components' validators
 * (through stacks/config/components.supplychainProblems.ts) and the stack rules
 * (environment.supplychain.ts), not here. Optional keys without a default take the component's own
 * default (one owner per default).
 */

const strings = z.array(z.string());
const s = SUPPLY_CHAIN_DEFAULTS;

/** The registry's default repositories: the model server and the two images of its init steps. */
export const DEFAULT_REPOSITORIES = ["vllm", "aws-cli", "cosign"] as const;

/** How an image is written: by digest, from this stack's registry. */
export const IMAGE_BY_DIGEST =
  "`<12 digits>.dkr.ecr.<aws:region>.amazonaws.com/<project>-<stack>/<repository>@sha256:<64 hex>`";

const pullThroughCacheRule = z.strictObject({
  prefix: z.string(),
  upstream: z.string(),
  credentialArn: z.string().optional(),
});

const modelStore = z.strictObject({
  objectLock: z
    .strictObject({ mode: z.enum(["GOVERNANCE", "COMPLIANCE"]), days: z.number() })
    .describe(
      "the default retention of every object version: `{mode, days}`; `COMPLIANCE` (nobody, root included, deletes a version before `days`; prod) or `GOVERNANCE` (holders of `s3:BypassGovernanceRetention` can)",
    ),
  noncurrentVersionDays: z
    .number()
    .optional()
    .describe(
      `days a replaced model version is kept (the rollback window; at least \`objectLock.days\`); SupplyChain's default ${s.noncurrentVersionDays}. The access logs keep \`rampart:logging.retentionDays\``,
    ),
});

const admission = z.strictObject({
  enabled: z
    .boolean()
    .default(true)
    .describe(
      "install Kyverno and the ClusterPolicy admitting, in the inference namespaces, only images from this registry, by digest, signed by the signing key; must be `true` in prod",
    ),
  chartVersion: z
    .string()
    .describe("the pinned `kyverno` Helm chart, `X.Y.Z` (kyverno/kyverno's charts/kyverno/Chart.yaml)"),
  mode: z
    .enum(["enforce", "audit"])
    .default(s.admissionMode)
    .describe(
      "`enforce` refuses a pod whose image breaks the rules; `audit` only reports it (refused in prod)",
    ),
});

const initImages = z.strictObject({
  fetch: z
    .string()
    .describe(
      `the model servers' fetch and digest-check step: an AWS CLI image with a POSIX shell and \`sha256sum\`, ${IMAGE_BY_DIGEST}`,
    ),
  verify: z.string().describe(`the signature check: a cosign image, ${IMAGE_BY_DIGEST}`),
});

export const supplyChainSchema = z.strictObject({
  repositories: strings
    .default([...DEFAULT_REPOSITORIES])
    .describe(
      "ECR repositories, created as `<project>-<stack>/<name>`, encrypted with the `models` key: the model server's and its init steps' images",
    ),
  immutableTags: z
    .boolean()
    .default(s.immutableTags)
    .describe("a pushed tag never moves; must be `true` in prod"),
  enhancedScanning: z
    .boolean()
    .default(s.enhancedScanning)
    .describe(
      "Amazon Inspector scans on push and rescans continuously (`false`: basic scan on push); must be `true` in prod. The registry scanning configuration and Inspector itself are account-wide: set only by the stack with `rampart:accountDefaults.owner`",
    ),
  organizationId: z
    .string()
    .optional()
    .describe("an AWS Organizations ID (`o-…`) whose accounts may pull too; default: this account only"),
  pullThroughCache: z
    .array(pullThroughCacheRule)
    .default([])
    .describe(
      "ECR pull-through cache rules `{prefix, upstream, credentialArn}` for the upstream registries ECR supports (`credentialArn`: a Secrets Manager secret `ecr-pullthroughcache/…`, for registries that need one)",
    ),
  keepImages: z
    .number()
    .optional()
    .describe(
      `images kept per repository (untagged ones expire after a day); SupplyChain's default ${s.keepImages}`,
    ),
  signerRoleArns: strings
    .default([])
    .describe(
      "IAM roles allowed `kms:Sign` with the signing key besides model-management (CI's release role)",
    ),
  modelStore: modelStore.describe(
    "the model store (versioning, Object Lock, the `models` key, TLS only, access logs): `objectLock {mode, days}`, `noncurrentVersionDays`",
  ),
  admission: admission
    .optional()
    .describe(
      "image admission (Kyverno): `enabled` (default true; absent: none, refused in prod), `chartVersion` (required), `mode` (`enforce`)",
    ),
  initImages: initImages
    .optional()
    .describe(
      `the model servers' init steps' images, by digest from this registry: \`fetch\` (AWS CLI), \`verify\` (cosign); required with \`rampart:models\``,
    ),
});

const resources = z.strictObject({
  cpu: z.string(),
  memory: z.string(),
  ephemeralStorage: z.string(),
  gpus: z.number(),
});

const m = MODEL_SERVER_DEFAULTS;
export const modelSchema = z.strictObject({
  name: z.string(),
  namespace: z.string(),
  serviceAccount: z.string(),
  image: z.string(),
  prefix: z.string(),
  servedModelName: z.string().optional(),
  extraArgs: strings.optional(),
  replicas: z.number().optional(),
  resources,
  gpuPool: z.string().optional(),
  priority: z.number().optional(),
});

export const modelsSchema = z
  .array(modelSchema)
  .default([])
  .describe(
    `model servers (vLLM), one per entry: \`name\` (a DNS label, unique: the Service, the IAM role \`<project>-<stack>-model-<name>\` and the namespace's mesh endpoint of that name, whose port it listens on), \`namespace\` (one of \`rampart:namespaces\`), \`serviceAccount\` (one of that namespace's, one model each), \`image\` (${IMAGE_BY_DIGEST}, a repository of \`rampart:supplyChain.repositories\`), \`prefix\` (the model version in the model store, ending \`/\`: rollback is the previous prefix), \`servedModelName\`, \`extraArgs\`, \`replicas\` (${m.replicas}), \`resources\` {cpu, memory, ephemeralStorage, gpus} per pod (all replicas within the namespace's quota), \`gpuPool\` (a \`rampart:gpuNodePools\` name), \`priority\` (${m.priority}). With \`rampart:vault\`, each model's service account gets a Vault workload with \`encrypt: true\` (added, or merged into the one listed)`,
  );

const plan = z.strictObject({
  schedule: z.string(),
  retentionDays: z.number(),
  copyToVaultArn: z.string().optional(),
});

export const recoverySchema = z.strictObject({
  vaultLock: z
    .strictObject({
      mode: z.enum(["governance", "compliance"]),
      minRetentionDays: z.number(),
      maxRetentionDays: z.number(),
      changeableForDays: z.number().optional(),
    })
    .optional()
    .describe(
      `the Backup vault's lock: \`mode\` (\`compliance\`: after \`changeableForDays\`, Recovery's default ${RECOVERY_DEFAULTS.changeableForDays}, nobody, root included, deletes a recovery point early or removes the lock; required in prod), \`minRetentionDays\`, \`maxRetentionDays\` (the plans' bounds); absent: no lock (refused in prod)`,
    ),
  plans: z
    .strictObject({ volumes: plan.optional(), consent: plan.optional(), models: plan.optional() })
    .default({})
    .describe(
      "backup plans per data class (`volumes`: persistent volumes; `consent`: the consent ledger; `models`: the model store), selected by the tag `rampart:backup-class`; each `{schedule, retentionDays, copyToVaultArn}` (`cron(…)`; retention within the lock's bounds and at most `rampart:privacy.retention.backupsDays`; a copy to a vault in another Region, optional); a class without a plan is not backed up",
    ),
});

export type SupplyChainConfig = z.infer<typeof supplyChainSchema>;
export type ModelConfig = z.infer<typeof modelSchema>;
export type RecoveryConfig = z.infer<typeof recoverySchema>;
