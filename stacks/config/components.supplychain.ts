import type {
  AdmissionArgs,
  ModelStoreArgs,
  SupplyChainArgs,
} from "../../components/supplychain/supplyChain.args";
import { GPU_POOL_LABEL } from "../../components/compute/gpuNodePool.logic";
import type { RecoveryArgs } from "../../components/operations/recovery.args";
import { type ArgPath, formatPath } from "../../components/shared/problems";
import { DEFAULT_MODEL_PORT } from "../../components/shared/ports";
import type { ModelArtifact, ModelServerArgs } from "../../components/workloads/modelServer.args";
import { vpcCidrsOf } from "./components";
import type { KeyMap } from "./components.mesh";
import { enabledMesh } from "./components.mesh";
import { namePrefixOf } from "./components.siem";
import type { NamespaceConfig, RampartConfig, VaultConfig } from "./schema";
import type { ModelConfig, RecoveryConfig, SupplyChainConfig } from "./schema.supplychain";

/**
 * The supply-chain side of stacks/config: the config-decided parts of `SupplyChainArgs`,
 * `ModelServerArgs` (one per `rampart:models` entry) and `RecoveryArgs` (what only the platform knows,
 * keys, the cluster and its provider, the model store's bucket and the signing key's public key, the
 * VPC, the SIEM's topic, the stack adds), the Vault workloads the model servers need, and the maps from
 * a problem's Args path back to the `rampart:` key the user wrote.
 */

/** An admission section that installs Kyverno and its ClusterPolicy. */
export function enabledAdmission(
  admission: SupplyChainConfig["admission"],
): admission is NonNullable<SupplyChainConfig["admission"]> {
  return admission !== undefined && admission.enabled;
}

/** What only the platform gives image admission (the cluster, its provider, the API server's ENIs). */
type AdmissionPlatformArgs = "kubeProvider" | "controlPlaneCidrs" | "clusterName";
/** `SupplyChainArgs` as the config decides them: the `models` key and the model-management role are the stack's. */
export type SupplyChainConfigArgs = Omit<SupplyChainArgs, "modelsKeyArn" | "modelStore" | "admission"> & {
  readonly modelStore: ModelStoreArgs;
  readonly admission?: Omit<AdmissionArgs, AdmissionPlatformArgs>;
};

/**
 * SupplyChain's config-decided Args. Inspector and the registry scanning configuration are account-wide:
 * only the stack that owns the account's defaults sets them (`rampart:accountDefaults.owner`), as with
 * GuardDuty. The signers (CI's release role) upload model versions too: they are the model store's
 * writers, to which the stack adds model-management's role. Admission covers every inference namespace;
 * Kyverno's images come from the mirror when there is one.
 */
export function supplyChainArgsOf(
  c: Pick<
    RampartConfig,
    "accountDefaults" | "images" | "logging" | "namespaces" | "network" | "protect" | "tags"
  > & {
    readonly supplyChain: SupplyChainConfig;
  },
  project: string,
  stack: string,
): SupplyChainConfigArgs {
  const sc = c.supplyChain;
  const admission = enabledAdmission(sc.admission) ? sc.admission : undefined;
  return {
    namePrefix: namePrefixOf(project, stack),
    stack,
    registry: {
      repositories: sc.repositories,
      immutableTags: sc.immutableTags,
      enhancedScanning: sc.enhancedScanning,
      enableInspector: c.accountDefaults.owner,
      keepImages: sc.keepImages,
      organizationId: sc.organizationId,
      pullThroughCache: sc.pullThroughCache,
    },
    signing: { signerRoleArns: sc.signerRoleArns },
    modelStore: {
      objectLock: sc.modelStore.objectLock,
      noncurrentVersionDays: sc.modelStore.noncurrentVersionDays,
      accessLogRetentionDays: c.logging.retentionDays,
      writerRoleArns: sc.signerRoleArns,
    },
    admission: admission && {
      chartVersion: admission.chartVersion,
      mode: admission.mode,
      namespaces: c.namespaces.map((ns) => ns.name),
      imageRegistry: c.images.mirror,
      vpcCidrs: vpcCidrsOf(c.network),
    },
    protect: c.protect,
    tags: c.tags,
  };
}

/** An ECR repository of this stack: `<project>-<stack>/<name>`. */
export function repositoryNameOf(project: string, stack: string, name: string): string {
  return `${namePrefixOf(project, stack)}/${name}`;
}

/** The namespace's mesh endpoint a model serves (the same name), with where it is written. */
export function modelEndpointOf(
  model: Pick<ModelConfig, "name" | "namespace">,
  namespaces: readonly NamespaceConfig[],
): { port: number; path: ArgPath } | undefined {
  const i = namespaces.findIndex((ns) => ns.name === model.namespace);
  const j = namespaces[i]?.mesh?.endpoints.findIndex((e) => e.name === model.name) ?? -1;
  if (i < 0 || j < 0) return undefined;
  const endpoint = namespaces[i]!.mesh!.endpoints[j]!;
  return {
    port: endpoint.port ?? DEFAULT_MODEL_PORT,
    path: ["namespaces", i, "mesh", "endpoints", j, "port"],
  };
}

/**
 * `ModelServerArgs` as the config decides them: the bucket, the `models` key and the signing key's public
 * key (`model`'s other fields), the cluster and its provider are the stack's.
 */
export type ModelServerConfigArgs = Omit<ModelServerArgs, "kubeProvider" | "clusterName" | "model"> & {
  readonly model: Pick<ModelArtifact, "prefix">;
};

/**
 * One model server's config-decided Args. Images may come only from this Region's registry and this
 * stack's repositories; the init steps' images are `rampart:supplyChain.initImages`. The port is the
 * namespace's mesh endpoint of the model's name (none without the mesh: ModelServer's default); a GPU
 * pool pins the pods to that pool's nodes (GpuNodePool's `rampart.io/gpu-pool` label).
 */
export function modelServerArgsOf(
  c: Pick<RampartConfig, "namespaces" | "mesh" | "tags"> & {
    readonly supplyChain: Pick<SupplyChainConfig, "repositories" | "initImages">;
    readonly region: string;
  },
  model: ModelConfig,
  project: string,
  stack: string,
): ModelServerConfigArgs {
  const sc = c.supplyChain;
  return {
    namePrefix: namePrefixOf(project, stack),
    namespace: model.namespace,
    name: model.name,
    serviceAccount: model.serviceAccount,
    images: { server: model.image, fetch: sc.initImages?.fetch ?? "", verify: sc.initImages?.verify ?? "" },
    registry: {
      region: c.region,
      repositories: sc.repositories.map((r) => repositoryNameOf(project, stack, r)),
    },
    model: { prefix: model.prefix },
    servedModelName: model.servedModelName,
    extraArgs: model.extraArgs,
    port: enabledMesh(c.mesh) ? modelEndpointOf(model, c.namespaces)?.port : undefined,
    replicas: model.replicas,
    resources: model.resources,
    priority: model.priority,
    nodeSelector: model.gpuPool === undefined ? undefined : { [GPU_POOL_LABEL]: model.gpuPool },
    tags: c.tags,
  };
}

/** `RecoveryArgs` as the config decides them: the `backups` key, the VPC and the alert topic are the stack's. */
export type RecoveryConfigArgs = Omit<RecoveryArgs, "backupsKeyArn" | "vpcId" | "alertTopicArn">;

export function recoveryArgsOf(
  c: Pick<RampartConfig, "protect" | "tags"> & { readonly recovery: RecoveryConfig },
  project: string,
  stack: string,
): RecoveryConfigArgs {
  const { recovery } = c;
  return {
    namePrefix: namePrefixOf(project, stack),
    vaultLock: recovery.vaultLock,
    plans: recovery.plans,
    protect: c.protect,
    tags: c.tags,
  };
}

type VaultWorkload = VaultConfig["workloads"][number];

/**
 * The Vault workloads with the model servers': each model's service account encrypts with the transit
 * key (prompts and transcripts). A listed workload of the same namespace and service account gets
 * `encrypt: true`; otherwise one named after the model is added (no KV secrets). The stack rules refuse a
 * model whose name another workload's Vault role already has.
 */
export function vaultWorkloadsOf(
  vault: Pick<VaultConfig, "workloads">,
  models: readonly Pick<ModelConfig, "name" | "namespace" | "serviceAccount">[],
): VaultWorkload[] {
  const out = vault.workloads.map((w) => ({ ...w }));
  for (const model of models) {
    const listed = out.find(
      (w) => w.namespace === model.namespace && w.serviceAccount === model.serviceAccount,
    );
    if (listed) listed.encrypt = true;
    else
      out.push({
        name: model.name,
        namespace: model.namespace,
        serviceAccount: model.serviceAccount,
        readSecrets: false,
        encrypt: true,
      });
  }
  return out;
}

function starts(path: ArgPath, prefix: ArgPath): boolean {
  return prefix.every((p, i) => path[i] === p);
}

const STACK_NAME = "the Pulumi stack name";
const setByStack = (component: string, path: ArgPath) =>
  `${component} ${formatPath(path)} (set by the stack)`;
const REGISTRY_FIELDS = [
  "repositories",
  "immutableTags",
  "enhancedScanning",
  "keepImages",
  "organizationId",
  "pullThroughCache",
];

/** SupplyChain's Args paths as config keys. */
export const SUPPLY_CHAIN_KEYS: KeyMap = (path) => {
  const [top, field, ...rest] = path;
  if (top === "registry" && field === "enableInspector") return ["accountDefaults", "owner"];
  if (top === "registry" && REGISTRY_FIELDS.includes(String(field)))
    return ["supplyChain", String(field), ...rest];
  if (top === "signing" && field === "signerRoleArns") return ["supplyChain", "signerRoleArns", ...rest];
  if (top === "modelStore" && field === "accessLogRetentionDays") return ["logging", "retentionDays"];
  if (top === "modelStore" && field === "writerRoleArns") return ["supplyChain", "signerRoleArns", ...rest];
  if (top === "modelStore" && (field === "objectLock" || field === "noncurrentVersionDays"))
    return ["supplyChain", "modelStore", String(field), ...rest];
  if (top === "admission" && (field === "chartVersion" || field === "mode"))
    return ["supplyChain", "admission", String(field)];
  if (top === "admission" && field === "namespaces")
    return typeof rest[0] === "number" ? ["namespaces", rest[0], "name"] : ["namespaces"];
  if (top === "admission" && field === "imageRegistry") return ["images", "mirror"];
  if (top === "admission" && field === "vpcCidrs") return ["network", "cidr"];
  if (top === "namePrefix") return STACK_NAME;
  if (top === "protect") return ["protect"];
  if (top === "tags") return ["tags", ...path.slice(1)];
  return setByStack("SupplyChain", path);
};

const MODEL_FIELDS = [
  "namespace",
  "name",
  "serviceAccount",
  "servedModelName",
  "extraArgs",
  "replicas",
  "resources",
  "priority",
];

/**
 * The i-th model's ModelServer Args paths as config keys; `endpoint` is where the port is written (the
 * namespace's mesh endpoint of the model's name), when there is one.
 */
export function modelServerKeys(i: number, endpoint?: ArgPath): KeyMap {
  return (path) => {
    const [top, field, ...rest] = path;
    if (MODEL_FIELDS.includes(String(top))) return ["models", i, ...path];
    if (top === "images" && field === "server") return ["models", i, "image"];
    if (top === "images" && (field === "fetch" || field === "verify"))
      return ["supplyChain", "initImages", String(field)];
    if (top === "model" && field === "prefix") return ["models", i, "prefix"];
    if (top === "registry" && field === "region") return "aws:region";
    if (top === "registry" && field === "repositories") return ["supplyChain", "repositories", ...rest];
    if (top === "port") return endpoint ?? setByStack("ModelServer", path);
    if (top === "nodeSelector") return ["models", i, "gpuPool"];
    if (top === "namePrefix") return STACK_NAME;
    if (top === "tags") return ["tags", ...path.slice(1)];
    return setByStack("ModelServer", path);
  };
}

/** Recovery's Args paths as config keys. */
export const RECOVERY_KEYS: KeyMap = (path) => {
  if (path[0] === "vaultLock" || path[0] === "plans") return ["recovery", ...path];
  if (starts(path, ["namePrefix"])) return STACK_NAME;
  if (path[0] === "protect") return ["protect"];
  if (path[0] === "tags") return ["tags", ...path.slice(1)];
  return setByStack("Recovery", path);
};
